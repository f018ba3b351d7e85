"""Budget: create one task through the CLI incl. a signed commit ≤ 120 ms (median, whole
process); the batch API ≥ 1,000 tasks/s in one commit. Peers in the same run: a bare
signed ``git commit -- file`` (the floor) and Taskwarrior's ``task add``.

    uv sync && .venv/bin/python bench/bench_task_create.py [--runs 30]
    .venv/bin/python bench/bench_task_create.py --batch-only --batch-repeats 5

The batch figure is the median of ``--batch-repeats`` batches, each one commit on top of
the last; the CPU time per task beside it shows the work apart from the disk's fsyncs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import OPSLEDGER, clean_env, median, report, run, signed_ledger, signed_repo, time_runs


def _ledger(folder: Path) -> Path:
    repo = signed_ledger(folder, "teams: {sre: {}}\n")
    env = clean_env()
    (repo / "inventory.yaml").write_text(
        "components:\n  aws/eu-west-1/prod/db/pg-07: {kind: database}\n"
    )
    run(["git", "-C", str(repo), "commit", "-qam", "setup"], env=env)
    return repo


def _commands(
    repo: Path, base: Path, runs: int, seed_tasks: int, env: dict[str, str]
) -> dict[str, object]:
    """``task new`` through the CLI, a bare signed commit, and Taskwarrior's ``task add``."""
    ours = time_runs(
        lambda i: [
            OPSLEDGER,
            "-C",
            str(repo),
            "task",
            "new",
            f"Disk full {i}",
            "--type",
            "incident",
            "--priority",
            "critical",
            "--component",
            "aws/eu-west-1/prod/db/pg-07",
        ],
        runs,
        env=env,
    )
    head = subprocess.run(
        ["git", "-C", str(repo), "cat-file", "commit", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    verify = "signed" if "\ngpgsig " in head else "UNSIGNED"

    floor_repo, _ = signed_repo(base / "floor")

    def bare_commit(i: int) -> list[str]:
        (floor_repo / "f.txt").write_text(f"{i}\n")
        return ["sh", "-c", "git add -- f.txt && git commit -q -S -m x -- f.txt"]

    floor = time_runs(bare_commit, runs, cwd=floor_repo, env=env)

    peer: list[float] = []
    if shutil.which("task"):
        data = base / "taskdata"
        data.mkdir()
        rc = base / "taskrc"
        rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\n")
        tw_env = {**env, "TASKRC": str(rc), "TASKDATA": str(data)}
        # The same size as our reference corpus, so neither side runs on an empty store.
        rows = [
            {
                "description": f"Imported task {i}",
                "status": "pending" if i % 10 else "completed",
                "entry": "20260101T000000Z",
                "uuid": str(uuid.UUID(int=i + 1)),
            }
            for i in range(seed_tasks)
        ]
        subprocess.run(
            ["task", "import"],
            input=json.dumps(rows),
            text=True,
            env=tw_env,
            check=True,
            capture_output=True,
        )
        peer = time_runs(
            lambda i: ["task", "add", f"Disk full {i}", "priority:H"], runs, env=tw_env
        )
    return {
        "runs": runs,
        "opsledger_task_new_ms": round(median(ours), 1),
        "signed": verify,
        "bare_signed_git_commit_ms": round(median(floor), 1),
        "taskwarrior_task_add_ms": round(median(peer), 1) if peer else None,
        "ratio_vs_taskwarrior": round(median(ours) / median(peer), 2) if peer else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--batch-repeats", type=int, default=3)
    parser.add_argument(
        "--batch-only", action="store_true", help="skip the per-command and peer timings"
    )
    parser.add_argument(
        "--seed-tasks", type=int, default=10000, help="tasks already in both stores before timing"
    )
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="opsledger-bench-"))
    env = clean_env()
    try:
        repo = _ledger(base / "ledger")
        sys.path.insert(0, str(Path(OPSLEDGER).resolve().parent.parent.parent / "src"))
        from opsledger.ledger import Ledger

        seed = Ledger.open(repo)
        with seed.batch(f"seed {args.seed_tasks} tasks"):
            for i in range(args.seed_tasks):
                seed.tasks.create_record(f"Seed task {i}", priority="low")
        # The seed leaves ~50 MB of dirty pages; flushed now, the write-back does not land
        # on the first timed runs' fsyncs (a ledger in use has no such burst behind it).
        os.sync()
        results: dict[str, object] = {}
        if not args.batch_only:
            results = _commands(repo, base, args.runs, args.seed_tasks, env)
        ledger = Ledger.open(repo)
        rates: list[float] = []
        cpu_ms: list[float] = []
        for repeat in range(args.batch_repeats):
            start, cpu = time.perf_counter(), time.process_time()
            with ledger.batch(f"import {args.batch} tasks ({repeat + 1})"):
                for i in range(args.batch):
                    ledger.tasks.create_record(f"Imported task {i}", priority="low")
            rates.append(args.batch / (time.perf_counter() - start))
            cpu_ms.append((time.process_time() - cpu) * 1000 / args.batch)
        report(
            "task-create",
            {
                **results,
                "batch_tasks": args.batch,
                "batch_repeats": args.batch_repeats,
                "batch_tasks_per_s": round(median(rates)),
                "batch_cpu_ms_per_task": round(median(cpu_ms), 3),
            },
        )
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
