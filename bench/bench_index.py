"""Budgets: a cold index rebuild ≤ 3 s (both cores may parse); an incremental re-index after
one changed file ≤ 100 ms. Both whole process (``opsledger index rebuild``; ``opsledger list``
after editing one task by hand, minus nothing), plus the in-process refresh alone. The
yardstick the budget was set against is reported beside it: PyYAML's C loader parsing the
same task files in one process (``c_loader_task_files_ms``).

    python3 bench/gen_corpus.py --git --tasks 10000 --commands 100000 --windows 1000 --seed 1 CORPUS
    .venv/bin/python bench/bench_index.py CORPUS [--runs 5]

The corpus is copied first: the index lives under the copy's git dir.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import OPSLEDGER, ROOT, c_loader_ms, clean_env, median, report, run, time_runs

sys.path.insert(0, str(ROOT / "src"))


def _edit(path: Path, i: int) -> None:
    """A hand edit: the description grows by one line."""
    text = path.read_text()
    path.write_text(
        text + f"x-bench: edit {i}\n"
        if "x-bench:" not in text
        else text.replace("x-bench: edit", f"x-bench: edit {i}", 1)
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="opsledger-bench-index-"))
    env = clean_env()
    try:
        repo = base / "corpus"
        shutil.copytree(args.corpus, repo, symlinks=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        cold = time_runs(
            lambda i: [OPSLEDGER, "-C", str(repo), "index", "rebuild"], args.runs, env=env, warmup=1
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        cpu_per_rebuild = cpu / (args.runs + 1)
        files = sorted((repo / "tasks").rglob("T-*.yaml"))
        target = files[len(files) // 2]
        task_id = target.stem

        def edit_then_list(i: int) -> list[str]:
            _edit(target, i)
            return [OPSLEDGER, "-C", str(repo), "list", f"id:{task_id}", "--all", "--format", "ids"]

        incremental = time_runs(edit_then_list, args.runs * 4, env=env)
        warm = time_runs(
            lambda i: [
                OPSLEDGER,
                "-C",
                str(repo),
                "list",
                f"id:{task_id}",
                "--all",
                "--format",
                "ids",
            ],
            args.runs * 4,
            env=env,
        )
        from opsledger.ledger import Ledger

        ledger = Ledger.open(repo)
        # One rebuild in this process: the main process's share (SQLite, reading the
        # workers' rows) apart from the workers' (parsing).
        times = os.times()
        ledger.index.rebuild()
        after_times = os.times()
        main_cpu = after_times.user + after_times.system - times.user - times.system
        workers_cpu = (
            after_times.children_user
            + after_times.children_system
            - times.children_user
            - times.children_system
        )
        ledger.index.refresh()
        in_process: list[float] = []
        for i in range(args.runs * 4):
            _edit(target, 1000 + i)
            start = time.perf_counter()
            done = ledger.index.refresh()
            in_process.append((time.perf_counter() - start) * 1000)
            assert done.parsed == 1, done
        run([OPSLEDGER, "-C", str(repo), "index", "problems"], env=env)
        parse_only = c_loader_ms(files)
        report(
            "index",
            {
                "tasks": len(files),
                "runs": args.runs,
                "cold_rebuild_ms": round(median(cold)),
                "cold_rebuild_cpu_s": round(cpu_per_rebuild, 2),
                "rebuild_main_process_cpu_s": round(main_cpu, 2),
                "rebuild_workers_cpu_s": round(workers_cpu, 2),
                "c_loader_task_files_ms": round(parse_only),
                "ratio_rebuild_over_c_loader": round(median(cold) / parse_only, 2),
                "list_after_one_edit_ms": round(median(incremental), 1),
                "list_warm_unchanged_ms": round(median(warm), 1),
                "refresh_after_one_edit_in_process_ms": round(median(in_process), 1),
                "index_mb": round(ledger.index.path.stat().st_size / 2**20, 1),
            },
        )
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
