"""Budgets: ``validate`` of 5 changed files (pre-commit), whole process ≤ 500 ms (median,
warm); whole-ledger ``validate``, cold ≤ 3 s. Peer in the same run: check-jsonschema
with our exported task schema on the same task files; and the yardstick the budget was set
against, PyYAML's C loader parsing those files in one process (``c_loader_task_files_ms``).

    uv sync && .venv/bin/python bench/bench_validate.py CORPUS [--runs 10]

CORPUS is the reference corpus made with ``gen_corpus.py --git`` (read, never written).
The pre-commit case is timed four times: five task files; four task files plus a window
(every window is read, from the index where it is current, but only those that can
interact with the changed one are built and expanded); that again in a copy with a
current index; and four task files plus a window that starts within the checks' 90 days
(a busy one: it meets many more windows than one beyond the horizon).
The whole-ledger runs also report their CPU time (all processes), which a shared
machine disturbs much less than the wall clock.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import OPSLEDGER, ROOT, c_loader_ms, clean_env, median, report

HORIZON = timedelta(days=90)  # schedule.checks.HORIZON


def _timed(cmd: Sequence[str], cwd: Path) -> tuple[float, int]:
    """Milliseconds of one whole-process run, and its exit status (findings exit 1)."""
    elapsed, _cpu, code = _timed_cpu(cmd, cwd)
    return elapsed, code


def _timed_cpu(cmd: Sequence[str], cwd: Path) -> tuple[float, float, int]:
    """Wall and CPU (user + system, the process and its workers) milliseconds of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(list(cmd), cwd=cwd, env=clean_env(), capture_output=True, check=False)
    elapsed = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd[0]} failed: {proc.stderr.decode()[-500:]}")
    return elapsed, cpu, proc.returncode


def _busy_window(corpus: Path, windows: list[str]) -> str:
    """The first window (by name) that starts between now and the checks' horizon."""
    import yaml

    now = datetime.now(UTC)
    for relpath in windows:
        start = yaml.safe_load((corpus / relpath).read_text(encoding="utf-8")).get("start")
        if isinstance(start, datetime) and now <= start.astimezone(UTC) < now + HORIZON:
            return relpath
    return windows[0]


def _median_of(cmd: Sequence[str], cwd: Path, runs: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        _timed(cmd, cwd)
    return median([_timed(cmd, cwd)[0] for _ in range(runs)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--cold-runs", type=int, default=3)
    args = parser.parse_args()
    corpus: Path = args.corpus.resolve()
    tasks = sorted(p.relative_to(corpus).as_posix() for p in corpus.glob("tasks/**/T-*.yaml"))
    five = tasks[:: max(1, len(tasks) // 5)][:5]

    windows = sorted(p.relative_to(corpus).as_posix() for p in corpus.glob("windows/**/W-*.yaml"))
    warm5 = _median_of([OPSLEDGER, "validate", *five], corpus, args.runs)
    with_window = five[:4] + windows[:1]
    warm_window = _median_of([OPSLEDGER, "validate", *with_window], corpus, args.runs)
    # The same with a current index, as in a working copy where list or status has run:
    # the changed window's neighbours then come from the index instead of being parsed.
    with tempfile.TemporaryDirectory(prefix="opsledger-bench-validate-") as scratch:
        copy = Path(scratch) / "corpus"
        shutil.copytree(corpus, copy, symlinks=True)
        subprocess.run(
            [OPSLEDGER, "-C", str(copy), "index", "rebuild"],
            env=clean_env(),
            check=True,
            capture_output=True,
        )
        indexed_window = _median_of([OPSLEDGER, "validate", *with_window], copy, args.runs)
    busy = _busy_window(corpus, windows)
    with_busy = [*five[:4], busy]
    busy_window = _median_of([OPSLEDGER, "validate", *with_busy], corpus, args.runs)
    cold = [_timed_cpu([OPSLEDGER, "validate"], corpus) for _ in range(args.cold_runs)]
    whole = median([ms for ms, _cpu, _code in cold])
    checker = str(ROOT / ".venv" / "bin" / "check-jsonschema")
    schema = str(ROOT / "schemas" / "task.schema.json")
    peer_one = _median_of(
        [checker, "--schemafile", schema, five[0]], corpus, max(3, args.runs // 3)
    )
    peer_all, _ = _timed([checker, "--schemafile", schema, *tasks], corpus)
    ours_tasks, _ = _timed([OPSLEDGER, "validate", "tasks"], corpus)
    parse_only = c_loader_ms([corpus / task for task in tasks])
    report(
        "validate",
        {
            "tasks": len(tasks),
            "five_files_ms": round(warm5, 1),
            "five_files_budget_ms": 500,
            "four_tasks_and_a_window_ms": round(warm_window, 1),
            "four_tasks_and_a_window_indexed_ms": round(indexed_window, 1),
            "four_tasks_and_a_busy_window_ms": round(busy_window, 1),
            "busy_window": busy,
            "whole_ledger_cold_ms": round(whole, 1),
            "whole_ledger_cold_runs_ms": [round(ms) for ms, _cpu, _code in cold],
            "whole_ledger_cpu_ms": round(median([cpu for _ms, cpu, _code in cold])),
            "whole_ledger_budget_ms": 3000,
            "whole_ledger_exit": cold[0][2],
            "check_jsonschema_one_file_ms": round(peer_one, 1),
            "ours_task_files_ms": round(ours_tasks, 1),
            "check_jsonschema_task_files_ms": round(peer_all, 1),
            "ratio_check_jsonschema_over_ours": round(peer_all / ours_tasks, 2),
            "c_loader_task_files_ms": round(parse_only),
            "ratio_whole_ledger_over_c_loader": round(whole / parse_only, 2),
        },
    )


if __name__ == "__main__":
    main()
