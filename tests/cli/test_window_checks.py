"""The OL4xx checks as the validator runs them: locations, the pre-commit fast path, links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from opsledger.ledger import Ledger
from opsledger.model.clock import FixedClock
from opsledger.model.timestamps import parse_timestamp
from opsledger.schedule.checks import CHECKS
from opsledger.schedule.status import window_lines
from opsledger.store.checking import CheckContext, Finding, LoadedFile
from opsledger.store.fastload import load_fast
from opsledger.store.markdown import split_front_matter
from tests.cli.conftest import Runner

NOW = parse_timestamp("2026-11-21T12:00:00+01:00")
HEAD = "# yaml-language-server: $schema=../.opsledger/schemas/window.schema.json\n"


def write(root: Path, relpath: str, text: str) -> None:
    (root / relpath).parent.mkdir(parents=True, exist_ok=True)
    (root / relpath).write_text(text, encoding="utf-8")


def window(root: Path, wid: str, body: str) -> None:
    write(root, f"windows/{wid}.yaml", f"{HEAD}id: {wid}\ntitle: {wid}\n{body}")


def run_checks(root: Path, targets: set[str] | None = None) -> list[Finding]:
    ledger = Ledger.open(root, clock=FixedClock(NOW))
    files: dict[str, LoadedFile] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_dir() or rel.startswith((".git", ".opsledger")):
            continue
        text = path.read_text(encoding="utf-8")
        kind = {"windows": "window", "tasks": "task", "changes": "change"}.get(
            rel.split("/")[0], rel.removesuffix(".yaml")
        )
        data = load_fast(split_front_matter(text, rel)[0] if rel.endswith(".md") else text, rel)
        files[rel] = LoadedFile(rel, kind, text, data)
    ctx = CheckContext(ws=ledger.ws, files=files, targets=targets)
    return [f for spec in CHECKS for f in spec.run(ctx)]


@pytest.fixture
def ledger(ledger_dir: Path) -> Path:
    window(
        ledger_dir,
        "W-aaaaaaaa",
        "start: 2026-12-05T22:00:00+01:00\nduration: 4h\n"
        "recurrence: FREQ=MONTHLY;BYDAY=1SA\ncomponents: ['aws/*/prod/db/**']\n"
        "priority: high\ntasks: [T-aaaaaaaa]\n",
    )
    window(
        ledger_dir,
        "W-bbbbbbbb",
        "start: 2026-12-12T06:00:00+01:00\nduration: 3h\n"
        "components: [onprem/dc1/net]\nchange: CHG-aaaaaaaa\n",
    )
    return ledger_dir


def test_every_check_has_an_ol4_id_and_a_clean_ledger_passes(ledger: Path) -> None:
    assert [c.id for c in CHECKS] == ["OL401", "OL402", "OL403", "OL404", "OL405", "OL406"]
    assert len({c.name for c in CHECKS}) == 6
    assert run_checks(ledger) == []


def test_bad_windows_point_at_file_line_column(ledger: Path) -> None:
    window(
        ledger,
        "W-cccccccc",
        "start: 2026-12-01T10:00:00+01:00\nend: 2026-12-01T09:00:00+01:00\n"
        "timezone: Mars/Base\ncomponents: [nowhere]\nteam: ghosts\n",
    )
    window(
        ledger,
        "W-dddddddd",
        "start: 2026-12-01T10:00:00+01:00\nduration: 1h\n"
        "cron: '0 25 * * *'\ncomponents: [onprem]\n",
    )
    found = {(f.check, str(f.location), f.message.split(" (")[0]) for f in run_checks(ledger)}
    assert found == {
        ("OL401", "windows/W-cccccccc.yaml:6:11", "unknown timezone 'Mars/Base'"),
        (
            "OL401",
            "windows/W-cccccccc.yaml:5:6",
            "end 2026-12-01T09:00:00+01:00 is not after start 2026-12-01T10:00:00+01:00",
        ),
        ("OL401", "windows/W-cccccccc.yaml:7:14", "unknown component 'nowhere'"),
        ("OL401", "windows/W-dddddddd.yaml:6:7", "invalid cron '0 25 * * *'"),
    }


def test_fast_path_checks_only_targets_against_the_rest(ledger: Path) -> None:
    window(
        ledger,
        "W-eeeeeeee",
        "start: 2026-12-05T23:00:00+01:00\nduration: 1h\n"
        "components: [aws/eu-west-1/prod/db/pg-07]\npriority: low\n",
    )
    window(
        ledger,
        "W-ffffffff",
        "start: 2026-12-05T23:30:00+01:00\nduration: 1h\n"
        "components: [aws/eu-west-1/prod/db/pg-08]\npriority: low\n",
    )
    everything = run_checks(ledger)
    assert sorted(f.location.file for f in everything if f.location) == [
        "windows/W-eeeeeeee.yaml",
        "windows/W-ffffffff.yaml",
    ]
    only_e = run_checks(ledger, {"windows/W-eeeeeeee.yaml"})
    assert [f.location.file for f in only_e if f.location] == ["windows/W-eeeeeeee.yaml"]
    assert "W-aaaaaaaa overlaps W-eeeeeeee" in only_e[0].message
    assert run_checks(ledger, {"tasks/T-zzzzzzzz.yaml"}) == []


def test_task_outside_window_and_change_outside_window(ledger: Path, run: Runner) -> None:
    write(
        ledger,
        "tasks/T-aaaaaaaa.yaml",
        "id: T-aaaaaaaa\ntitle: x\nstatus: open\n"
        "created: 2026-11-01T10:00:00+01:00\n"
        "components: [aws/eu-west-1/prod/db/pg-07, onprem/dc1/net/core-sw-1]\n",
    )
    write(
        ledger,
        "tasks/T-bbbbbbbb.yaml",
        "id: T-bbbbbbbb\ntitle: y\nstatus: open\n"
        "created: 2026-11-01T10:00:00+01:00\nwindow: W-aaaaaaaa\n"
        "components: ['aws/eu-west-1/prod/db/*']\n",
    )
    write(
        ledger,
        "changes/CHG-aaaaaaaa.md",
        "---\nid: CHG-aaaaaaaa\ntitle: fw\n"
        "started_at: 2026-12-12T06:30:00+01:00\ncompleted_at: 2026-12-12T09:30:00+01:00\n---\n",
    )
    found = [(f.check, f.message) for f in run_checks(ledger)]
    assert found == [
        (
            "OL405",
            "CHG-aaaaaaaa completed at 2026-12-12 09:30 +0100 lies outside every "
            "occurrence of its window W-bbbbbbbb",
        ),
        (
            "OL406",
            "T-aaaaaaaa works on onprem/dc1/net/core-sw-1, which its window W-aaaaaaaa "
            "does not cover (aws/*/prod/db/**)",
        ),
    ]
    result = run("--now", "2026-11-21T12:00", "window", "check", "--format", "ids")
    assert result.code == 1
    assert result.out.split() == ["changes/CHG-aaaaaaaa.md", "tasks/T-aaaaaaaa.yaml"]


def test_a_waiting_change_needs_an_occurrence_ahead(ledger: Path) -> None:
    window(
        ledger,
        "W-cccccccc",
        "start: 2026-11-01T02:00:00+01:00\nduration: 1h\ncomponents: [onprem/dc1/net]\n",
    )
    window(
        ledger,
        "W-dddddddd",
        "start: 2026-09-01T02:00:00+02:00\nduration: 1h\nrecurrence: FREQ=WEEKLY\n"
        "until: 2026-10-31T00:00:00+01:00\ncomponents: [onprem/dc1/net]\n",
    )
    changes = {
        "CHG-cccccccc": "status: scheduled\nwindow: W-cccccccc\n",  # one-off, over
        "CHG-dddddddd": "status: approved\nwindow: W-dddddddd\n",  # recurrence ended
        "CHG-eeeeeeee": "status: scheduled\nwindow: W-aaaaaaaa\n",  # monthly, goes on
        "CHG-ffffffff": "status: completed\nwindow: W-cccccccc\n",  # history, not a plan
    }
    for change_id, body in changes.items():
        write(ledger, f"changes/{change_id}.md", f"---\nid: {change_id}\ntitle: t\n{body}---\n")
    found = [(f.check, str(f.location), f.message) for f in run_checks(ledger)]
    assert found == [
        (
            "OL405",
            "changes/CHG-cccccccc.md:5:9",
            "CHG-cccccccc is scheduled for window W-cccccccc, which has no occurrence left; "
            "plan it into a coming window",
        ),
        (
            "OL405",
            "changes/CHG-dddddddd.md:5:9",
            "CHG-dddddddd is approved for window W-dddddddd, which has no occurrence left; "
            "plan it into a coming window",
        ),
    ]


def test_status_lines_and_check_cli_agree(ledger: Path, run: Runner) -> None:
    led = Ledger.open(ledger, clock=FixedClock(NOW))
    lines = window_lines(led.ws, parse_timestamp("2026-12-05T23:00:00+01:00"))
    assert [(line.state, line.window_id) for line in lines] == [
        ("active", "W-aaaaaaaa"),
        ("next", "W-bbbbbbbb"),
        ("next", "W-aaaaaaaa"),
    ]
    assert lines[0].text.startswith("active  W-aaaaaaaa  maintenance  2026-12-05 22:00 –")
    result = run("--now", "2026-11-21T12:00", "window", "check", "--json")
    assert result.code == 0 and json.loads(result.out) == []
