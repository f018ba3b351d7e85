"""Budgets: time operations through the API (commit excluded) ≤ 20 ms each; through the CLI
incl. a signed commit ≤ 150 ms on a ledger of ``--tasks`` tasks; a report over 100,000
entries ≤ 1 s (warm cache; the cold figure is reported too). Peer in the same run:
Timewarrior's ``timew summary`` over the same intervals. Every whole-process figure comes
with its user+sys CPU time (``*_cpu_ms``), which the load of a shared machine does not
inflate.

    uv sync && .venv/bin/python bench/bench_time.py [--runs 20] [--entries 100000] [--tasks 10000]

``--cli-only`` stops after the CLI figures; ``--keep DIR`` builds the ledgers in DIR and
leaves them there (``DIR/small/repo`` is the seeded, signed ledger the CLI figures ran on),
for profiling a single command.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import OPSLEDGER, clean_env, median, report, run, signed_ledger

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
    repo = signed_ledger(folder)
    env = clean_env()
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


def _cpu_runs(
    make_cmd: Callable[[int], list[str]], runs: int, env: dict[str, str], warmup: int = 1
) -> tuple[list[float], list[float]]:
    """Wall-clock and user+sys CPU milliseconds of whole-process runs (CPU time is what a
    shared machine's load does not inflate)."""
    for i in range(warmup):
        run(make_cmd(-1 - i), env=env)
    wall: list[float] = []
    cpu: list[float] = []
    for i in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        run(make_cmd(i), env=env)
        wall.append((time.perf_counter() - t0) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        cpu.append(used * 1000)
    return wall, cpu


def _seed_tasks(repo: Path, count: int) -> str:
    """``count`` tasks in one commit, plus the task the CLI runs time on."""
    from opsledger.ledger import Ledger

    seed = Ledger.open(repo)
    with seed.batch(f"seed {count} tasks"):
        for i in range(count):
            seed.tasks.create_record(f"Seed task {i}", priority="low")
        task = seed.tasks.create_record("CLI bench", client="acme", project="OPS-42")
    return str(task["id"])


def _cli_ops(repo: Path, task: str, runs: int, env: dict[str, str]) -> dict[str, float]:
    """Each time verb through the CLI incl. the signed commit, on the seeded ledger."""
    cli = [OPSLEDGER, "-C", str(repo)]
    results: dict[str, tuple[list[float], list[float]]] = {}

    def timed(name: str, cmd: list[str]) -> str:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)}: exit {proc.returncode}: {proc.stderr.strip()}")
        out = proc.stdout
        wall = (time.perf_counter() - t0) * 1000
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
        results.setdefault(name, ([], []))[0].append(wall)
        results[name][1].append(cpu)
        return out

    # warm the caches, the id cache of a bare id included
    added = subprocess.run([*cli, "time", "add", task, "5m"], env=env, capture_output=True)
    run([*cli, "time", "rm", added.stdout.decode().split()[1]], env=env)
    for i in range(runs):
        day = f"2026-{(i // 28) % 12 + 1:02d}-{i % 28 + 1:02d}"
        timed("start", [*cli, "--now", f"{day}T08:00", "time", "start", task])
        timed("stop", [*cli, "--now", f"{day}T09:00", "time", "stop"])
        out = timed("add", [*cli, "--now", f"{day}T12:00", "time", "add", task, "20m"])
        entry = out.split()[1]
        timed("edit", [*cli, "time", "edit", f"{task}/{entry}", "--note", "edited"])
        timed("edit_bare_id", [*cli, "time", "edit", entry, "--duration", "25m"])
        timed("rm", [*cli, "time", "rm", entry])
        timed("task_new", [*cli, "task", "new", f"Floor {i}"])
    found: dict[str, float] = {}
    for name, (wall, cpu) in results.items():
        found[f"cli_{name}_ms"] = round(median(wall), 1)
        found[f"cli_{name}_cpu_ms"] = round(median(cpu), 1)
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--cli-only", action="store_true", help="Skip the report figures.")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="Build in DIR and keep it.")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=False)
    base = (
        args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="opsledger-bench-time-"))
    )
    env = clean_env()
    try:
        repo = _small_ledger(base / "small")
        sys.path.insert(0, str(Path(OPSLEDGER).resolve().parent.parent.parent / "src"))
        api = _api_ops(repo, args.runs)
        run(["git", "-C", str(repo), "checkout", "-q", "--", "."], env=env)
        task = _seed_tasks(repo, args.tasks)
        cli = _cli_ops(repo, task, args.runs, {**env, "OPSLEDGER_USER": "bench"})
        if args.cli_only:
            report("time", {**api, **cli, "cli_tasks": args.tasks})
            return

        big, intervals = _big_ledger(base / "big", args.entries, args.tasks)
        cache_dir = big / ".git" / "opsledger"
        report_cmd = [OPSLEDGER, "-C", str(big), "time", "report", "--by", "client,project",
                      "--format", "csv"]  # fmt: skip
        cold_wall: list[float] = []
        cold_cpu: list[float] = []
        for _ in range(3):
            shutil.rmtree(cache_dir, ignore_errors=True)
            wall, cpu = _cpu_runs(lambda i: report_cmd, 1, env, warmup=0)
            cold_wall += wall
            cold_cpu += cpu
        time.sleep(1.2)  # files older than the cache by the racy margin
        warm, warm_cpu = _cpu_runs(lambda i: report_cmd, args.runs // 2 or 1, env)
        month = [*report_cmd[:-4], "--by", "person,month", "--format", "csv"]
        by_month, by_month_cpu = _cpu_runs(lambda i: month, args.runs // 2 or 1, env)
        window = [*report_cmd, "--since", "2026-01-01", "--until", "2026-02-01", "client:acme"]
        filtered, filtered_cpu = _cpu_runs(lambda i: window, args.runs // 2 or 1, env)
        first_task = sorted((big / "tasks").iterdir())[0]

        def after_change(i: int) -> list[str]:
            # one task file changed since the last report: that file is parsed again
            with first_task.open("a", encoding="utf-8") as handle:
                handle.write(f"# touched {i}\n")
            return report_cmd

        changed, changed_cpu = _cpu_runs(after_change, 5, env, warmup=0)

        peer: list[float] = []
        peer_cpu: list[float] = []
        if shutil.which("timew"):
            db = _timew_db(base / "timew", intervals)
            tw_env = {**env, "TIMEWARRIORDB": str(db), "TZ": "Europe/Berlin"}
            summary = ["timew", "summary", "2025-06-01", "-", "2027-01-01", ":yes"]
            peer, peer_cpu = _cpu_runs(lambda i: summary, 3, tw_env)
        report(
            "time",
            {
                **api,
                **cli,
                "cli_tasks": args.tasks,
                "entries": len(intervals),
                "report_cold_ms": round(median(cold_wall), 1),
                "report_cold_cpu_ms": round(median(cold_cpu), 1),
                "report_warm_ms": round(median(warm), 1),
                "report_warm_cpu_ms": round(median(warm_cpu), 1),
                "report_after_one_change_ms": round(median(changed), 1),
                "report_after_one_change_cpu_ms": round(median(changed_cpu), 1),
                "report_person_month_warm_ms": round(median(by_month), 1),
                "report_person_month_warm_cpu_ms": round(median(by_month_cpu), 1),
                "report_one_month_one_client_ms": round(median(filtered), 1),
                "report_one_month_one_client_cpu_ms": round(median(filtered_cpu), 1),
                "peer_timew_summary_ms": round(median(peer), 1) if peer else None,
                "peer_timew_summary_cpu_ms": round(median(peer_cpu), 1) if peer else None,
            },
        )
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
