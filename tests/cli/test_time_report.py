"""``time report|log|overlaps|export|suggest`` over a small ledger with known answers."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.cli.conftest import Runner, created_id, task_file
from tests.timetrack.billing_fixture import add_billing


@pytest.fixture
def ledger(ledger_dir: Path, run: Runner, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    add_billing(ledger_dir)
    db = created_id(run("task", "new", "Disk full", "--component", "aws/eu-west-1/prod/db/pg-07"))
    run("task", "set", db, "project=OPS-42")
    web = created_id(run("task", "new", "Globex run", "--client", "globex"))
    add = ("--now", "2026-11-22T12:00", "time", "add")
    assert run(*add, db, "--start", "2026-11-20T10:00", "--end", "2026-11-20T10:40").code == 0
    assert (
        run(
            *add,
            web,
            "--start",
            "2026-11-20T10:30",
            "--end",
            "2026-11-20T11:00",
            "--project",
            "GX-RUN",
        ).code
        == 0
    )
    monkeypatch.setenv("OPSLEDGER_USER", "olivia")
    assert run(*add, db, "--start", "2026-11-20T23:30", "--end", "2026-11-21T00:20").code == 0
    monkeypatch.delenv("OPSLEDGER_USER")
    return {"db": db, "web": web}


def _json(run: Runner, *args: str) -> list[dict[str, object]]:
    result = run("time", *args, "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_report_splits_overlaps_rounds_and_prices(ledger: dict[str, str], run: Runner) -> None:
    rows = _json(run, "report", "--by", "client,project")
    acme, globex, total = rows
    assert (acme["client"], acme["time"], acme["billed"]) == ("acme", 85 * 60, 105 * 60)
    assert acme["amount"] == {"EUR": "230.00"}  # 45m at 120 + 1h at olivia's 140
    assert (globex["time"], globex["billed"], globex["amount"]) == (
        25 * 60,
        24 * 60,
        {"USD": "40.00"},
    )
    assert total["total"] is True and total["time"] == 110 * 60  # 10 minutes not twice
    first = _json(run, "report", "--by", "client", "--overlap", "first")
    assert [r["time"] for r in first] == [90 * 60, 20 * 60, 110 * 60]
    refused = run("time", "report", "--overlap", "error")
    assert refused.code == 1 and "overlap by 10m" in refused.err


def test_report_by_day_splits_at_local_midnight(ledger: dict[str, str], run: Runner) -> None:
    rows = _json(run, "report", "--by", "day,person", "who:olivia")
    assert [(r["day"], r["time"]) for r in rows[:-1]] == [
        ("2026-11-20", 1800),
        ("2026-11-21", 1200),
    ]
    clipped = _json(run, "report", "--by", "person", "--since", "2026-11-21")
    assert clipped[0] == {**clipped[0], "person": "olivia", "time": 1200}


def test_component_globs_and_formats(ledger: dict[str, str], run: Runner) -> None:
    rows = _json(run, "report", "--by", "task", "component:aws/*/prod/db/**")
    assert [r["task"] for r in rows[:-1]] == [ledger["db"]]
    md = run("time", "report", "--by", "client", "--format", "md")
    assert md.out.splitlines()[:2] == [
        "| client | time | billable | non_billable | billed | amount | entries |",
        "|---|---|---|---|---|---|---|---|"[:-4],
    ]
    assert "| acme | 1:25 | 1:25 | 0:00 | 1:45 | 230.00 EUR | 2 |" in md.out
    table = run("time", "report", "--by", "client")
    assert "TOTAL" in table.out and "40.00 USD" in table.out


def test_log_overlaps_and_export(ledger: dict[str, str], run: Runner) -> None:
    log = _json(run, "log", "--since", "2026-11-20T10:15", "--until", "2026-11-20T12:00")
    assert [row["task"] for row in log] == [ledger["db"], ledger["web"]]
    overlaps = run("time", "overlaps")
    assert overlaps.code == 1 and "operator" in overlaps.out and "0:10" in overlaps.out
    exported = run("time", "export", "client:acme")
    rows = list(csv.DictReader(io.StringIO(exported.out)))
    assert exported.out.startswith(
        "entry,task,title,who,client,project,component,start,end,"
        "minutes,hours,billable,rate,currency,note\n"
    )
    assert [(r["who"], r["minutes"], r["rate"], r["end"]) for r in rows] == [
        ("operator", "40.0", "120.00", "2026-11-20T10:40:00+01:00"),
        ("olivia", "50.0", "140.00", "2026-11-21T00:20:00+01:00"),
    ]


def test_suggest_from_recorded_commands(
    ledger: dict[str, str], run: Runner, ledger_dir: Path
) -> None:
    path = task_file(ledger_dir, ledger["web"])
    path.write_text(
        path.read_text()
        + (
            "commands:\n"
            "  - {id: aaaaa1, at: 2026-11-21T09:00:00+01:00, cmd: uptime, duration: 1.5}\n"
            "  - {id: aaaaa2, at: 2026-11-21T09:20:00+01:00, cmd: df -h, duration: 60}\n"
            "  - {id: aaaaa3, at: 2026-11-21T14:00:00+01:00, cmd: reboot}\n"
        )
    )
    shown = run("time", "suggest", ledger["web"])
    assert shown.code == 0 and "2 entries" in shown.out and "--accept" in shown.out
    assert "2026-11-21T08:55:00+01:00  2026-11-21T09:26:00+01:00" in shown.out
    assert run("time", "suggest", ledger["web"], "--gap", "10m").out.count("recorded command") == 3
    accepted = run("time", "suggest", ledger["web"], "--accept")
    assert accepted.code == 0 and "recorded" in accepted.out
    entries = _json(run, "log", f"task:{ledger['web']}", "--since", "2026-11-21")
    assert [(e["start"], e["client"], e["billable"]) for e in entries] == [
        ("2026-11-21T08:55:00+01:00", "globex", True),
        ("2026-11-21T13:55:00+01:00", "globex", True),
    ]
    assert "nothing to suggest" in run("time", "suggest", ledger["web"]).out
