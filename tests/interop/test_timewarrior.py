"""Data exported by the real Timewarrior imports with the totals ``timew summary`` shows."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from tests.cli import conftest as cli_fixtures
from tests.cli.conftest import Runner, created_id
from tests.helpers import require_tool
from tests.timetrack.billing_fixture import add_billing

# the CLI fixtures (a real ledger in a real repo, the CLI in-process) serve here too
ledger_dir = cli_fixtures.ledger_dir
run = cli_fixtures.run


def _timew(db: Path, *args: str) -> str:
    env = {**os.environ, "TIMEWARRIORDB": str(db), "TZ": "Europe/Berlin"}
    done = subprocess.run(
        ["timew", *args, ":yes"], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def _hms(text: str) -> int:
    h, m, s = (int(x) for x in text.split(":"))
    return h * 3600 + m * 60 + s


def test_timewarrior_export_imports_with_the_same_totals(
    ledger_dir: Path, run: Runner, tmp_path: Path
) -> None:
    require_tool("timew")
    add_billing(ledger_dir)
    task = created_id(run("task", "new", "Globex run", "--client", "globex"))
    db = tmp_path / "timew"
    (db / "data").mkdir(parents=True)
    (db / "timewarrior.cfg").write_text("")
    _timew(db, "track", "2026-11-20T09:00", "-", "2026-11-20T10:30", task, "project:GX-RUN")
    _timew(db, "track", "2026-11-20T23:10", "-", "2026-11-21T01:15", f"task:{task}", "nobill")
    _timew(db, "track", "2026-11-21T10:00", "-", "2026-11-21T10:20", task[:6], "project:GX-RUN")
    _timew(db, "annotate", "@1", "restore test")
    summary = _timew(db, "summary", "2026-11-20", "-", "2026-11-22")
    exported = _timew(db, "export")
    result = run("time", "import", "--source", "timewarrior", input=exported)
    assert result.code == 0, result.err
    assert "imported 3 entries" in result.out

    day_totals: dict[str, int] = {}
    day = ""
    for line in summary.splitlines():
        found = re.match(r"^W\d+ (\d{4}-\d{2}-\d{2}) ", line)
        day = found.group(1) if found else day
        both = re.search(r"(\d+:\d{2}:\d{2}) +(\d+:\d{2}:\d{2})\s*$", line)
        if both and day:  # a day's last row carries its total in the last column
            day_totals[day] = _hms(both.group(2))
    grand = _hms(summary.strip().splitlines()[-1].strip())
    report = run(
        "time",
        "report",
        "--by",
        "day",
        "--since",
        "2026-11-20",
        "--until",
        "2026-11-22",
        "--format",
        "csv",
    )
    ours = {line.split(",")[0]: int(line.split(",")[1]) for line in report.out.splitlines()[1:]}
    assert ours.pop("TOTAL") == grand == 3 * 3600 + 55 * 60
    assert (
        ours == day_totals == {"2026-11-20": 2 * 3600 + 20 * 60, "2026-11-21": 1 * 3600 + 35 * 60}
    )
    log = run("time", "log", "--format", "json").out
    assert '"billable": false' in log and "restore test" in log
    again = run("time", "import", "--source", "timewarrior", input=exported)
    assert "imported 0 entries (3 already there" in again.out


def test_intervals_without_a_task_need_one(ledger_dir: Path, run: Runner) -> None:
    add_billing(ledger_dir)
    task = created_id(run("task", "new", "Internal"))
    data = (
        '[{"id":1,"start":"20261120T080000Z","end":"20261120T093000Z","tags":["misc"]},'
        '{"id":2,"start":"20261120T100000Z","tags":["misc"]}]'
    )
    refused = run("time", "import", "--source", "timewarrior", input=data)
    assert refused.code == 2 and "names no task" in refused.err
    result = run("time", "import", "--source", "timewarrior", "--task", task, input=data)
    assert (
        result.code == 0 and "imported 1 entries" in result.out and "1 still running" in result.out
    )
    bad = run("time", "import", "--source", "timewarrior", input="{oops")
    assert bad.code == 1 and "not JSON" in bad.err
