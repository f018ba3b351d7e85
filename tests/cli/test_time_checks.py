"""The OL5xx validator checks, run the way the validator runs them."""

from __future__ import annotations

from pathlib import Path

from opsledger.ledger import Ledger
from opsledger.store.checking import CheckContext, Finding, LoadedFile
from opsledger.store.fastload import load_fast
from opsledger.timetrack.checks import CHECKS
from tests.timetrack.billing_fixture import BILLING

TASK = """id: T-aaaaaaaa
title: Work
client: acme
project: OPS-42
created: 2026-11-01T09:00:00+01:00
time:
  - {{id: aaaaa1, start: 2026-11-20T10:00:00+01:00, end: 2026-11-20T11:00:00+01:00, who: olivia}}
{extra}"""


def _file(relpath: str, text: str, kind: str) -> LoadedFile:
    return LoadedFile(relpath, kind, text, load_fast(text, relpath))


def _run(
    ledger_dir: Path, extra: str, base_extra: str | None = None, targets: set[str] | None = None
) -> list[Finding]:
    ws = Ledger.open(ledger_dir).ws
    files = {
        f.relpath: f
        for f in [
            _file("tasks/T-aaaaaaaa.yaml", TASK.format(extra=extra), "task"),
            _file("policies/billing.yaml", BILLING, "policy:billing"),
        ]
    }
    ctx = CheckContext(ws, files, targets=targets)
    if base_extra is not None:
        ctx.base = "main"
        ctx.base_files = {
            **files,
            "tasks/T-aaaaaaaa.yaml": _file(
                "tasks/T-aaaaaaaa.yaml", TASK.format(extra=base_extra), "task"
            ),
        }
    return [f for spec in CHECKS for f in spec.run(ctx)]


def test_clean_task_has_no_findings(ledger_dir: Path) -> None:
    assert _run(ledger_dir, "") == []


def test_each_check_finds_its_problem(ledger_dir: Path) -> None:
    extra = (
        "  - {id: aaaaa2, start: 2026-11-21T10:00:00+01:00, end: 2026-11-21T09:00:00+01:00, "
        "who: bo}\n"
        "  - {id: aaaaa3, start: 2026-11-22T10:00:00+01:00, minutes: 5, who: bo, client: initech}\n"
        "  - {id: aaaaa4, start: 2026-11-23T10:00:00+01:00, minutes: 5, who: bo, project: NOPE}\n"
        "  - {id: aaaaa5, start: 2026-11-20T10:30:00+01:00, minutes: 60, who: olivia}\n"
        "  - {id: aaaaa6, start: 2026-11-24T10:00:00+01:00, minutes: 5, who: bo, client: globex}\n"
    )
    found = {(f.check, str(f.location)) for f in _run(ledger_dir, extra)}
    assert ("OL501", "tasks/T-aaaaaaaa.yaml:8:57") in found
    assert ("OL502", "tasks/T-aaaaaaaa.yaml:9:5") in found  # unknown client
    assert ("OL502", "tasks/T-aaaaaaaa.yaml:10:5") in found  # unknown project
    assert ("OL504", "tasks/T-aaaaaaaa.yaml:11:5") in found  # olivia twice at 10:30
    assert ("OL502", "tasks/T-aaaaaaaa.yaml:12:5") in found  # OPS-42 is not globex's
    assert not any(c == "OL503" for c, _ in found)  # globex needs no project
    assert _run(ledger_dir, extra, targets={"tasks/other.yaml"}) == []


def test_missing_project_where_required(ledger_dir: Path) -> None:
    text = TASK.replace("project: OPS-42\n", "")
    ws = Ledger.open(ledger_dir).ws
    files = {
        "tasks/T-aaaaaaaa.yaml": _file("tasks/T-aaaaaaaa.yaml", text.format(extra=""), "task"),
        "policies/billing.yaml": _file("policies/billing.yaml", BILLING, "policy:billing"),
    }
    found = [f.check for spec in CHECKS for f in spec.run(CheckContext(ws, files))]
    assert found == ["OL503"]


def test_edits_inside_a_locked_period_need_base(ledger_dir: Path) -> None:
    old = "  - {id: aaaaa7, start: 2026-10-20T10:00:00+02:00, minutes: 30, who: bo}\n"
    new = "  - {id: aaaaa7, start: 2026-10-20T10:00:00+02:00, minutes: 90, who: bo}\n"
    assert not [f for f in _run(ledger_dir, new) if f.check == "OL505"]  # no --base
    assert [f.check for f in _run(ledger_dir, new, base_extra=old) if f.check == "OL505"] == [
        "OL505"
    ]
    assert [f for f in _run(ledger_dir, "", base_extra=old) if f.check == "OL505"]  # removed
    late = "  - {id: aaaaa8, start: 2026-11-20T12:00:00+01:00, minutes: 30, who: bo}\n"
    assert not [f for f in _run(ledger_dir, late, base_extra="") if f.check == "OL505"]
