"""``opsledger window …`` end to end in a real git repo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Runner, commit_count, created_id
from tests.helpers import git

NOW = "2026-11-21T12:00"


@pytest.fixture
def wrun(run: Runner, monkeypatch: pytest.MonkeyPatch, ledger_dir: Path) -> Runner:
    monkeypatch.setenv("OPSLEDGER_NOW", NOW)
    return run


def new(run: Runner, title: str, *args: str) -> str:
    return created_id(run("window", "new", title, *args))


def test_new_writes_one_file_with_modeline_as_one_commit(wrun: Runner, ledger_dir: Path) -> None:
    before = commit_count(ledger_dir)
    window_id = new(
        wrun,
        "Monthly DB patching",
        "--start",
        "2026-12-05T22:00",
        "--duration",
        "4h",
        "--recurrence",
        "FREQ=MONTHLY;BYDAY=1SA",
        "--until",
        "2027-12-31",
        "--exclude",
        "2027-01-02T22:00",
        "--component",
        "aws/*/prod/db/**",
        "--team",
        "dba",
        "--engineers",
        "2",
        "--owner",
        "olivia",
        "--tag",
        "patching",
        "--label",
        "cab=118",
        "--priority",
        "high",
        "-d",
        "Replicas first.",
    )
    text = (ledger_dir / "windows" / f"{window_id}.yaml").read_text()
    assert text.startswith(
        "# yaml-language-server: $schema=../.opsledger/schemas/window.schema.json\n"
    )
    assert "start: 2026-12-05T22:00:00+01:00\n" in text
    assert "exclude: [2027-01-02T22:00:00+01:00]" in text
    assert "timezone: Europe/Berlin" in text
    assert commit_count(ledger_dir) == before + 1
    subject = git(ledger_dir, "log", "-1", "--format=%s%n%b")
    assert subject.startswith(f"window({window_id}): create Monthly DB patching")
    assert f"Opsledger-Id: {window_id}" in subject
    shown = json.loads(wrun("window", "show", window_id[2:6], "--json").out)
    assert shown["recurrence"] == "FREQ=MONTHLY;BYDAY=1SA" and shown["labels"] == {"cab": "118"}
    text_view = wrun("window", "show", window_id).out
    assert "next:" in text_view and "2026-12-05 22:00 – 2026-12-06 02:00 +01:00" in text_view


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--end", "2026-12-05T21:00"], "end 2026-12-05T21:00:00+01:00 is not after start"),
        (["--duration", "0h"], "duration '0h' is zero"),
        (["--duration", "1h", "--recurrence", "FREQ=SOMETIMES"], "invalid RRULE"),
        (["--duration", "1h", "--cron", "61 * * * *"], "invalid cron"),
        (["--duration", "1h", "--timezone", "Mars/Olympus"], "unknown timezone"),
        (["--duration", "1h", "--component", "nowhere/x"], "unknown component 'nowhere/x'"),
        (["--duration", "1h", "--team", "nobody"], "unknown team 'nobody'"),
    ],
)
def test_bad_input_is_refused_with_file_line_column(
    wrun: Runner, ledger_dir: Path, args: list[str], message: str
) -> None:
    before = commit_count(ledger_dir)
    component = [] if "--component" in args else ["--component", "aws/eu-west-1/prod/db"]
    result = wrun("window", "new", "Bad", "--start", "2026-12-05T22:00", *component, *args)
    assert result.code == 1
    assert message in result.err
    line = result.err.strip().splitlines()[-1]
    assert line.startswith("opsledger: error: windows/W-") and ".yaml:" in line
    location = line.split(": ")[2]
    assert location.count(":") == 2 and all(p.isdigit() for p in location.split(":")[1:])
    assert commit_count(ledger_dir) == before
    assert not list((ledger_dir / "windows").glob("*.yaml"))


def test_check_finds_conflicts_and_exits_1(wrun: Runner) -> None:
    base = ["--component", "aws/eu-west-1/prod/db/**", "--team", "dba", "--engineers", "1"]
    weekly = new(
        wrun,
        "Weekly",
        "--start",
        "2026-11-28T22:00",
        "--duration",
        "2h",
        "--recurrence",
        "FREQ=WEEKLY",
        "--priority",
        "high",
        *base,
    )
    assert wrun("window", "check").code == 0
    kernel = new(
        wrun,
        "Kernel pg-07",
        "--start",
        "2026-12-05T23:00",
        "--duration",
        "2h",
        "--component",
        "aws/eu-west-1/prod/db/pg-07",
        "--priority",
        "low",
    )
    result = wrun("window", "check", "--json")
    assert result.code == 1
    [issue] = json.loads(result.out)
    assert issue["check"] == "OL402" and issue["windows"] == sorted([weekly, kernel])
    assert issue["move"] == kernel and issue["start"] == "2026-12-05T23:00:00+01:00"
    assert issue["end"] == "2026-12-06T00:00:00+01:00"
    assert issue["next_free"] == "2026-12-06T00:00:00+01:00"
    table = wrun("window", "check").out
    assert "OL402" in table and f"windows/{kernel}.yaml" in table


def test_freeze_and_capacity_findings(wrun: Runner) -> None:
    new(
        wrun,
        "Freeze",
        "--kind",
        "freeze",
        "--start",
        "2026-12-18T18:00",
        "--end",
        "2027-01-04T08:00",
        "--component",
        "aws/*/prod/**",
    )
    new(
        wrun,
        "Patch in freeze",
        "--start",
        "2026-12-20T22:00",
        "--duration",
        "2h",
        "--component",
        "aws/eu-west-1/prod/db/pg-08",
    )
    for name in ("aws/eu-west-1/prod/db/pg-07", "onprem/dc1/net/core-sw-1"):
        new(
            wrun,
            name,
            "--start",
            "2026-12-01T22:00",
            "--duration",
            "2h",
            "--component",
            name,
            "--team",
            "dba",
            "--engineers",
            "1",
        )
    issues = json.loads(wrun("window", "check", "--json").out)
    assert sorted(i["check"] for i in issues) == ["OL403", "OL404"]
    capacity = next(i for i in issues if i["check"] == "OL404")
    assert "team dba needs 2 engineers, capacity 1" in capacity["message"]  # olivia only


def test_free_at_next_ics_list_edit_rm(wrun: Runner, ledger_dir: Path) -> None:
    nightly = new(
        wrun,
        "Nightly",
        "--start",
        "2026-11-22T01:00",
        "--duration",
        "2h",
        "--recurrence",
        "FREQ=DAILY",
        "--component",
        "aws/eu-west-1/prod/db",
    )
    free = wrun(
        "window",
        "free",
        "--component",
        "aws/eu-west-1/prod/db/pg-07",
        "--duration",
        "2h",
        "--within",
        "3d",
        "--allowed-hours",
        "1-5",
        "--count",
        "2",
        "--json",
    )
    assert free.code == 0
    assert [s["start"] for s in json.loads(free.out)] == [
        "2026-11-22T03:00:00+01:00",
        "2026-11-23T03:00:00+01:00",
    ]
    none = wrun(
        "window",
        "free",
        "--component",
        "aws/eu-west-1/prod/db",
        "--duration",
        "5h",
        "--within",
        "1d",
        "--allowed-hours",
        "1-5",
    )
    assert none.code == 1 and "no free slot" in none.err
    at = json.loads(wrun("window", "at", "2026-11-23T02:00", "--json").out)
    assert [a["id"] for a in at] == [nightly]
    assert json.loads(wrun("window", "at", "2026-11-23T03:00", "--json").out) == []
    assert wrun("window", "next", "--format", "ids").out.split() == [nightly]
    assert wrun("window", "next", "--component", "onprem/**", "--format", "ids").out == ""
    ics = wrun("window", "ics").out
    assert "BEGIN:VCALENDAR" in ics and "RRULE:FREQ=DAILY" in ics
    listed = wrun("window", "list", "--format", "csv").out
    assert nightly in listed and "FREQ=DAILY" in listed
    before = commit_count(ledger_dir)
    assert wrun("window", "edit", nightly, "--end", "2026-11-22T02:00", "--count", "5").code == 0
    text = (ledger_dir / "windows" / f"{nightly}.yaml").read_text()
    assert "duration" not in text and "end: 2026-11-22T02:00:00+01:00" in text
    assert "count: 5" in text and "updated:" in text
    bad = wrun("window", "edit", nightly, "--cron", "not cron")
    assert bad.code == 1 and "windows/" in bad.err
    assert commit_count(ledger_dir) == before + 1
    assert wrun("window", "rm", nightly, "--yes").code == 0
    assert not (ledger_dir / "windows" / f"{nightly}.yaml").exists()
    assert commit_count(ledger_dir) == before + 2


def test_edit_in_editor_validates(
    wrun: Runner, ledger_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    window_id = new(
        wrun,
        "One-off",
        "--start",
        "2026-12-01T22:00",
        "--duration",
        "1h",
        "--component",
        "aws/eu-west-1/prod/db",
    )
    script = tmp_path / "ed.sh"
    script.write_text('#!/bin/sh\nsed -i "s/duration: .*/duration: 3h/" "$1"\n')
    script.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(script))
    monkeypatch.setenv("VISUAL", str(script))
    assert wrun("window", "edit", window_id).code == 0
    assert "duration: 3h" in (ledger_dir / "windows" / f"{window_id}.yaml").read_text()
    script.write_text('#!/bin/sh\nsed -i "s/duration: .*/duration: 0m/" "$1"\n')
    result = wrun("window", "edit", window_id, input="")
    assert result.code == 1 and "is zero" in result.err
    assert "duration: 3h" in (ledger_dir / "windows" / f"{window_id}.yaml").read_text()
