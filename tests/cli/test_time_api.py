"""The Python API mirrors the CLI; the entry cache rereads only what changed."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from opsledger.ledger import Ledger
from opsledger.model.clock import FixedClock
from opsledger.timetrack import cache
from tests.cli.conftest import Runner, commit_count, created_id, task_file
from tests.timetrack.billing_fixture import add_billing

BERLIN = ZoneInfo("Europe/Berlin")


def test_api_timer_and_report(ledger_dir: Path, run: Runner) -> None:
    add_billing(ledger_dir)
    task = created_id(run("task", "new", "Run", "--client", "globex"))
    clock = FixedClock(datetime(2026, 11, 20, 9, 0, tzinfo=BERLIN))
    ledger = Ledger.open(ledger_dir, clock=clock, env={"OPSLEDGER_USER": "olivia"})
    ledger.time.start(task, project="GX-RUN", note="deploy")
    ledger.ws.clock = FixedClock(datetime(2026, 11, 20, 10, 3, tzinfo=BERLIN))
    stopped = ledger.time.stop()
    assert stopped.seconds == 63 * 60 and stopped.entry["who"] == "olivia"
    before = commit_count(ledger_dir)
    with ledger.batch("two entries"):
        ledger.time.add(
            task, "30m", project="GX-RUN", start=datetime(2026, 11, 20, 11, 0, tzinfo=BERLIN)
        )
        ledger.time.add(task, "15m", project="GX-RUN", billable=False)  # overlaps: split
    assert commit_count(ledger_dir) == before + 1
    report = ledger.time.report(["client"])
    [row] = report.rows
    # 09:00-10:03 and 09:48-10:03 share 15 minutes: 7.5 each, nothing counted twice
    assert (row.seconds, row.billable_seconds, row.non_billable_seconds) == (
        93 * 60,
        85.5 * 60,
        7.5 * 60,
    )
    assert row.billed_seconds == 84 * 60  # per day, nearest 6 minutes
    assert str(row.amounts["USD"]) == "140.00"


def test_cache_rereads_changed_files_only(ledger_dir: Path, run: Runner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    add_billing(ledger_dir)
    task = created_id(run("task", "new", "Run", "--client", "globex"))
    run("--now", "2026-11-20T12:00", "time", "add", task, "1h", "--project", "GX-RUN")
    ws = Ledger.open(ledger_dir).ws
    assert len(cache.load_all(ws)[0]) == 1
    path = task_file(ledger_dir, task)
    old = path.stat().st_mtime_ns - 5_000_000_000
    os.utime(path, ns=(old, old))  # older than the cache: trusted from now on
    cache.load_all(ws)
    parsed: list[str] = []
    real = cache.parse_file
    monkeypatch.setattr(cache, "parse_file", lambda p, r: parsed.append(r) or real(p, r))
    assert [e.seconds for e in cache.load_all(ws)[0]] == [3600]
    assert parsed == []
    path.write_text(path.read_text().replace("minutes: 60", "minutes: 90"))
    assert [e.seconds for e in cache.load_all(ws)[0]] == [5400]
    assert parsed == [f"tasks/{task}.yaml"]


def test_flow_style_time_lists_fall_back_to_the_round_trip_editor(
    ledger_dir: Path, run: Runner
) -> None:
    add_billing(ledger_dir)
    task = created_id(run("task", "new", "Run", "--client", "globex"))
    path = task_file(ledger_dir, task)
    path.write_text(path.read_text() + "time: []  # none yet\n")
    assert run("--now", "2026-11-20T12:00", "time", "add", task, "1h").code == 0
    text = path.read_text()
    assert "# none yet" in text and text.count("time:") == 1 and "minutes: 60" in text
