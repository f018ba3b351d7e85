"""Budgets: time operations through the API (commit excluded) ≤ 20 ms each; through the CLI
incl. a signed commit ≤ 150 ms; a report over 100,000 entries ≤ 1 s. Peer in the same run:
Timewarrior's ``timew summary`` over the same intervals.

    uv sync && .venv/bin/python bench/bench_time.py [--runs 20] [--entries 100000]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import OPSLEDGER, clean_env, median, report, run, signed_repo, time_runs

CLIENTS = {"acme": ["OPS-42", "ACME-K8S"], "globex": ["GX-RUN", "GX-DB"], None: [None]}
PEOPLE = [f"p{i:02d}" for i in range(40)]
BILLING = """currency: EUR
clients:
  acme:
    projects: {OPS-42: {}, ACME-K8S: {rates: {default: 135}}}
    rates: {default: 120, p01: 140}
    rounding: {increment: 15m, mode: up, per: entry, minimum: 15m}
    require_project: true
  globex:
    projects: {GX-RUN: {}, GX-DB: {}}
    rates: {default: 110}
    rounding: {increment: 6m, mode: nearest, per: day}
"""


def _small_ledger(folder: Path) -> Path:
    repo, public = signed_repo(folder)
    env = clean_env()
    run([OPSLEDGER, "-C", str(repo), "init", "--timezone", "Europe/Berlin"], env=env)
    config = repo / "opsledger.yaml"
    config.write_text(config.read_text().replace("signing: optional", "signing: required"))
    (repo / "people.yaml").write_text(
        f'people:\n  bench:\n    email: bench@example.com\n    signing_keys: ["{public}"]\n'
    )
    (repo / "policies").mkdir(exist_ok=True)
    (repo / "policies" / "billing.yaml").write_text(BILLING)
    run(["git", "-C", str(repo), "add", "-A"], env=env)
    run(["git", "-C", str(repo), "commit", "-qm", "setup"], env=env)
    return repo


def _big_ledger(folder: Path, entries: int, tasks: int) -> tuple[Path, list[tuple[int, int, str]]]:
    """``tasks`` task files holding ``entries`` entries; returns the intervals for the peer."""
    rnd = random.Random(1)
    (folder / "tasks").mkdir(parents=True)
    (folder / "policies").mkdir()
    (folder / "opsledger.yaml").write_text("version: 1\nname: bench\ntimezone: Europe/Berlin\n")
    (folder / "policies" / "billing.yaml").write_text(BILLING)
    base = datetime(2025, 6, 1, tzinfo=UTC)
    intervals: list[tuple[int, int, str]] = []
    per_task = entries // tasks
    for t in range(tasks):
        task_id = f"T-{t:08d}".replace("i", "j")
        client = rnd.choice(list(CLIENTS))
        lines = [f"id: {task_id}", f"title: task {t}", "created: 2025-06-01T09:00:00+02:00"]
        if client:
            lines.append(f"client: {client}")
        lines.append("time:")
        for n in range(per_task):
            start = base + timedelta(minutes=rnd.randrange(0, 540 * 24 * 60))
            end = start + timedelta(minutes=rnd.randrange(5, 300))
            who = rnd.choice(PEOPLE)
            project = rnd.choice(CLIENTS[client])
            extra = f", project: {project}" if project else ""
            billable = str(bool(client)).lower()
            lines.append(
                f'  - {{id: "{n:06d}", start: {start.isoformat()}, end: '
                f"{end.isoformat()}, who: {who}{extra}, billable: {billable}}}"
            )
            intervals.append((int(start.timestamp()), int(end.timestamp()), f"{task_id} {who}"))
        (folder / "tasks" / f"{task_id}.yaml").write_text("\n".join(lines) + "\n")
    run(["git", "init", "-q", str(folder)])
    return folder, intervals


def _timew_db(folder: Path, intervals: list[tuple[int, int, str]]) -> Path:
    (folder / "data").mkdir(parents=True)
    (folder / "timewarrior.cfg").write_text("")
    months: dict[str, list[str]] = {}
    for start, end, tags in sorted(intervals):
        s = datetime.fromtimestamp(start, UTC)
        e = datetime.fromtimestamp(end, UTC)
        months.setdefault(s.strftime("%Y-%m"), []).append(
            f"inc {s:%Y%m%dT%H%M%SZ} - {e:%Y%m%dT%H%M%SZ} # {tags}"
        )
    for month, lines in months.items():
        (folder / "data" / f"{month}.data").write_text("\n".join(lines) + "\n")
    return folder


def _api_ops(repo: Path, runs: int) -> dict[str, float]:
    from opsledger.ledger import Ledger
    from opsledger.model.clock import FixedClock

    ledger = Ledger.open(repo, commit=False, env={**os.environ, "OPSLEDGER_USER": "bench"})
    task = ledger.tasks.create_record("Bench task", client="acme", project="OPS-42")["id"]
    names = ("start", "status", "stop", "add", "edit", "rm")
    timings: dict[str, list[float]] = {k: [] for k in names}
    moment = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    for i in range(runs):
        ledger = Ledger.open(repo, commit=False, env={**os.environ, "OPSLEDGER_USER": "bench"})
        ledger.ws.clock = FixedClock(moment + timedelta(hours=2 * i))
        at = moment + timedelta(hours=2 * i)
        entry_id = ""

        def step(name: str, ledger: Ledger = ledger, at: datetime = at) -> object:
            nonlocal entry_id
            if name == "start":
                return ledger.time.start(task, note="bench")
            if name == "status":
                return ledger.time.status()
            if name == "stop":
                return ledger.time.stop(at=at + timedelta(minutes=50))
            if name == "add":
                task_id, entry = ledger.time.add(task, "25m", start=at + timedelta(hours=1))
                entry_id = f"{task_id}/{entry['id']}"
                return entry
            if name == "edit":
                return ledger.time.edit(entry_id, note="edited")
            return ledger.time.rm(entry_id)

        for name in names:
            t0 = time.perf_counter()
            step(name)
            timings[name].append((time.perf_counter() - t0) * 1000)
    return {f"api_{k}_ms": round(statistics.median(v), 1) for k, v in timings.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--tasks", type=int, default=10_000)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="opsledger-bench-time-"))
    env = clean_env()
    try:
        repo = _small_ledger(base / "small")
        sys.path.insert(0, str(Path(OPSLEDGER).resolve().parent.parent.parent / "src"))
        api = _api_ops(repo, args.runs)
        run(["git", "-C", str(repo), "checkout", "-q", "--", "."], env=env)
        task = subprocess.run(
            [OPSLEDGER, "-C", str(repo), "task", "new", "CLI bench", "--client", "acme"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()[1]
        run([OPSLEDGER, "-C", str(repo), "task", "set", task, "project=OPS-42"], env=env)
        cli_add = time_runs(
            lambda i: [
                OPSLEDGER,
                "-C",
                str(repo),
                "--now",
                f"2026-11-{(i % 28) + 1:02d}T{(i % 10) + 8:02d}:30",
                "time",
                "add",
                task,
                "20m",
            ],
            args.runs,
            env=env,
        )
        cli_env = {**env, "OPSLEDGER_USER": "bench"}
        start_stop: list[float] = []
        for i in range(args.runs):
            day = f"2026-12-{(i % 28) + 1:02d}"
            t0 = time.perf_counter()
            run(
                [OPSLEDGER, "-C", str(repo), "--now", f"{day}T08:00", "time", "start", task],
                env=cli_env,
            )
            mid = time.perf_counter()
            run([OPSLEDGER, "-C", str(repo), "--now", f"{day}T09:00", "time", "stop"], env=cli_env)
            start_stop.append((time.perf_counter() - mid) * 1000)
            _ = t0

        big, intervals = _big_ledger(base / "big", args.entries, args.tasks)
        cache_dir = big / ".git" / "opsledger"
        report_cmd = [
            OPSLEDGER,
            "-C",
            str(big),
            "time",
            "report",
            "--by",
            "client,project",
            "--format",
            "csv",
        ]
        cold: list[float] = []
        for _ in range(3):
            shutil.rmtree(cache_dir, ignore_errors=True)
            t0 = time.perf_counter()
            run(report_cmd, env=env)
            cold.append((time.perf_counter() - t0) * 1000)
        time.sleep(1.2)  # files older than the cache by the racy margin
        run(report_cmd, env=env)
        warm = time_runs(lambda i: report_cmd, args.runs // 2 or 1, env=env)
        by_day = time_runs(
            lambda i: [*report_cmd[:-4], "--by", "person,month", "--format", "csv"],
            args.runs // 2 or 1,
            env=env,
        )

        peer: list[float] = []
        if shutil.which("timew"):
            db = _timew_db(base / "timew", intervals)
            tw_env = {**env, "TIMEWARRIORDB": str(db), "TZ": "Europe/Berlin"}
            peer = time_runs(
                lambda i: ["timew", "summary", "2025-06-01", "-", "2027-01-01", ":yes"],
                3,
                env=tw_env,
                warmup=1,
            )
        report(
            "time",
            {
                **api,
                "cli_add_incl_signed_commit_ms": round(median(cli_add), 1),
                "cli_stop_incl_signed_commit_ms": round(median(start_stop), 1),
                "entries": len(intervals),
                "report_cold_ms": round(median(cold), 1),
                "report_warm_ms": round(median(warm), 1),
                "report_person_month_warm_ms": round(median(by_day), 1),
                "peer_timew_summary_ms": round(median(peer), 1) if peer else None,
            },
        )
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
