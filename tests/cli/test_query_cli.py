"""list, search, show, status and index through the CLI, on the index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Runner, created_id

WINDOWS = {
    "W-0nef0ff0": "id: W-0nef0ff0\ntitle: Switch firmware\nkind: maintenance\n"
    "start: 2026-11-23T22:00:00+01:00\nend: 2026-11-24T02:00:00+01:00\n"
    "components: [onprem/dc1/net]\n",
    "W-weekky00": "id: W-weekky00\ntitle: Weekly patching\nkind: maintenance\n"
    "start: 2026-01-03T22:00:00+01:00\nduration: 4h\ntimezone: Europe/Berlin\n"
    "recurrence: FREQ=WEEKLY;BYDAY=SA\n",
    "W-past0000": "id: W-past0000\ntitle: Long gone\nkind: freeze\n"
    "start: 2026-01-01T00:00:00+01:00\nduration: 1d\n",
}


@pytest.fixture
def ledger(ledger_dir: Path, run: Runner) -> dict[str, str]:
    now = ("--now", "2026-11-20T09:00")
    ids = {
        "disk": created_id(run(*now, "task", "new", "Disk full on pg-07", "--type", "incident",
                               "--priority", "critical", "--component",
                               "aws/eu-west-1/prod/db/pg-07", "--tag", "disk")),
        "net": created_id(run(*now, "task", "new", "Switch firmware upgrade", "--priority", "high",
                              "--component", "onprem/dc1/net/core-sw-1", "--window", "W-0nef0ff0")),
        "wiki": created_id(run(*now, "task", "new", "Tidy the wiki", "--priority", "low")),
    }  # fmt: skip
    for window_id, text in WINDOWS.items():
        (ledger_dir / "windows").mkdir(exist_ok=True)
        (ledger_dir / "windows" / f"{window_id}.yaml").write_text(text)
    path = ledger_dir / "tasks" / f"{ids['disk']}.yaml"
    path.write_text(
        path.read_text()
        + "commands:\n"
        + "  - {id: aaaaaa, at: 2026-11-20T10:22:00+01:00, cmd: df -h /var/lib/postgresql,"
        + ' exit: 0, host: pg-07, output: "97% /var/lib/postgresql"}\n'
        + "  - {id: bbbbbb, at: 2026-11-20T10:31:00+01:00, cmd: systemctl restart postgresql,"
        + " exit: 1, host: pg-07}\n"
    )
    return ids


def test_a_bad_query_points_at_the_spot(ledger: dict[str, str], run: Runner) -> None:
    result = run("list", "status:open prio:urgent")
    assert result.code == 2
    first, query, caret = result.err.splitlines()
    assert first.startswith("opsledger: error: query: priority: unknown value 'urgent'")
    assert query == "  status:open prio:urgent"
    assert caret == "  " + " " * len("status:open prio:") + "^"
    unknown = run("list", "(colour:red)")
    assert unknown.code == 2 and "unknown field 'colour'" in unknown.err
    assert unknown.err.splitlines()[-1] == "   ^"
    assert run("list", "status:open (tag:disk").err.splitlines()[-1] == "              ^"


def test_list_query_sort_fields_and_pages(ledger: dict[str, str], run: Runner) -> None:
    ids = run("list", "priority:>=high", "--format", "ids").out.split()
    assert ids == [ledger["disk"], ledger["net"]]
    assert run("list", "-priority:>=high", "--format", "ids").out.split() == [ledger["wiki"]]
    assert run("list", "--sort", "priority", "--format", "ids").out.split() == [
        ledger["wiki"], ledger["net"], ledger["disk"]
    ]  # fmt: skip
    first = run("list", "--limit", "2", "--format", "ids")
    assert first.out.split() == [ledger["disk"], ledger["net"]]
    cursor = first.err.split("--after ")[1].strip()
    assert run("list", "--limit", "2", "--after", cursor, "--format", "ids").out.split() == [
        ledger["wiki"]
    ]
    csv = run("list", "component:onprem/dc1", "--fields", "id,title,components", "--format", "csv")
    assert csv.out.splitlines() == [
        "id,title,components",
        f"{ledger['net']},Switch firmware upgrade,onprem/dc1/net/core-sw-1",
    ]
    rows = json.loads(run("list", "tag:disk", "--json").out)
    assert rows[0]["commands"][0]["host"] == "pg-07"  # JSON holds the file's keys
    windows = run("list", "--in", "windows", "is:recurring", "--format", "ids").out.split()
    assert windows == ["W-weekky00"]
    assert run("list", "--sort", "colour").code == 2


def test_search_records_and_commands(ledger: dict[str, str], run: Runner) -> None:
    assert run("search", "firmware", "--format", "ids").out.split() == [ledger["net"]]
    assert run("search", "postgresql", "--format", "ids").out.split() == [ledger["disk"]]
    table = run("search", "--in", "commands", "systemctl restart").out.splitlines()
    assert table[0].split() == ["TASK", "AT", "HOST", "EXIT", "CMD"]
    assert table[1].split()[:4] == [ledger["disk"], "2026-11-20T10:31:00+01:00", "pg-07", "1"]
    failed = json.loads(run("search", "--in", "commands", "host:pg-07 exit:>0", "--json").out)
    assert [c["entry"] for c in failed] == ["bbbbbb"]
    assert run("search", "--in", "components", "pg*", "--format", "ids").out.split() == [
        "aws/eu-west-1/prod/db/pg-07",
        "aws/eu-west-1/prod/db/pg-08",
    ]


def test_show_related_from_the_index(ledger: dict[str, str], run: Runner) -> None:
    text = run("show", ledger["net"]).out
    assert "Window:\n  W-0nef0ff0  maintenance Switch firmware" in text
    window = run("show", "W-0nef").out
    assert f"Tasks:\n  {ledger['net']}  open" in window
    component = json.loads(run("show", "aws/eu-west-1/prod/db/pg-07", "--json").out)
    assert component["kind"] == "database"


def test_status_has_next_windows_and_recent_changes(ledger: dict[str, str], run: Runner) -> None:
    result = run("--now", "2026-11-21T12:00", "status")
    assert result.code == 0, result.err
    out = result.out
    assert "Next windows (2)\n  W-weekky00  maintenance 2026-11-21T22:00:00+01:00" in out
    assert "  W-0nef0ff0  maintenance 2026-11-23T22:00:00+01:00" in out
    assert "W-past0000" not in out
    recent = out.split("Changed in the last 7 days (3)\n")[1].split("\n\n")[0].splitlines()
    assert sorted(line.split()[0] for line in recent) == sorted(ledger.values())
    old = run("--now", "2026-12-24T12:00", "status").out
    assert "Changed in the last 7 days (0)" in old
    data = json.loads(run("--now", "2026-11-21T12:00", "status", "--json").out)
    assert [w["id"] for w in data["next_windows"]] == ["W-weekky00", "W-0nef0ff0"]


def test_index_rebuild_and_problems(ledger: dict[str, str], run: Runner, ledger_dir: Path) -> None:
    rebuilt = run("index", "rebuild")
    assert rebuilt.code == 0 and "indexed" in rebuilt.out
    assert run("index", "problems").code == 0
    (ledger_dir / "tasks" / "T-brokenxx.yaml").write_text("title: [oops\n")
    problems = run("index", "problems", "--format", "csv")
    assert problems.code == 1 and "tasks/T-brokenxx.yaml" in problems.out


def test_runbooks_are_listed_searched_and_shown(
    ledger: dict[str, str], run: Runner, ledger_dir: Path
) -> None:
    (ledger_dir / "runbooks").mkdir()
    (ledger_dir / "runbooks" / "pg-disk-full.md").write_text(
        f"---\ntasks: [{ledger['disk']}]\ncomponents: [aws/eu-west-1/prod/db]\n---\n"
        "# Free space on a PostgreSQL host\n\nFailover first if WAL archiving is stuck.\n"
    )
    listed = [line.split("  ") for line in run("list", "--in", "runbooks").out.splitlines()]
    assert [[cell.strip() for cell in row if cell.strip()] for row in listed] == [
        ["ID", "TITLE", "PATH"],
        ["pg-disk-full", "Free space on a PostgreSQL host", "runbooks/pg-disk-full.md"],
    ]
    assert run("search", "--in", "runbooks", "failover", "--format", "ids").out == "pg-disk-full\n"
    assert run("search", "--in", "runbooks", "firmware", "--format", "ids").out == ""
    shown = run("show", "pg-disk-full").out
    assert shown.startswith("pg-disk-full  Free space on a PostgreSQL host\n")
    assert f"Tasks:\n  {ledger['disk']}" in shown and "WAL archiving is stuck" in shown
    data = json.loads(run("show", "pg-disk-full", "--json").out)
    assert data["tasks"] == [ledger["disk"]] and data["body"].startswith("# Free space")
    assert "Runbooks:\n  pg-disk-full" in run("show", ledger["disk"]).out
