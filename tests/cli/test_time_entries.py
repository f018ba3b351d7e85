"""``time add|edit|rm|lock``: direct entries, edits as events, invoiced periods."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from opsledger.store.fastload import load_fast
from tests.cli.conftest import Runner, commit_count, created_id, task_file
from tests.helpers import git
from tests.timetrack.billing_fixture import add_billing


@pytest.fixture
def ledger(ledger_dir: Path) -> Path:
    add_billing(ledger_dir)
    return ledger_dir


def _data(repo: Path, task_id: str) -> dict[str, Any]:
    return load_fast(task_file(repo, task_id).read_text(encoding="utf-8"), "t")


def _add(run: Runner, *args: str) -> str:
    result = run("--now", "2026-11-20T12:00", "time", "add", *args)
    assert result.code == 0, result.err
    return result.out.split()[1]


def test_add_duration_and_interval(ledger: Path, run: Runner) -> None:
    task_id = created_id(run("task", "new", "Upgrade", "--client", "acme"))
    run("task", "set", task_id, "project=OPS-42")
    _add(run, task_id, "1h30m", "--note", "review")
    _add(
        run,
        task_id,
        "--start",
        "2026-11-20T13:00",
        "--end",
        "2026-11-20T14:10",
        "--project",
        "ACME-K8S",
    )
    first, second = _data(ledger, task_id)["time"]
    assert first["start"] == "2026-11-20T10:30:00+01:00" and first["minutes"] == 90
    assert (first["client"], first["project"], first["billable"]) == ("acme", "OPS-42", True)
    assert second["end"] == "2026-11-20T14:10:00+01:00" and second["project"] == "ACME-K8S"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--", "-30m"], 2, "negative duration"),
        (["0m"], 2, "is zero"),
        (["--start", "2026-11-20T13:00", "--end", "2026-11-20T12:00"], 2, "before it starts"),
        (["1h", "--client", "initech"], 2, "unknown client 'initech'"),
        (["1h", "--client", "acme", "--project", "NOPE"], 2, "unknown project 'NOPE'"),
        (["1h", "--client", "acme"], 2, "requires a project"),
        (["1h", "--component", "nowhere/x"], 2, "unknown component"),
        (
            ["1h", "--client", "acme", "--project", "OPS-42", "--start", "2026-10-30T10:00"],
            1,
            "locked",
        ),
    ],
)
def test_bad_input(ledger: Path, run: Runner, args: list[str], code: int, message: str) -> None:
    task_id = created_id(run("task", "new", "Internal work"))
    before = commit_count(ledger)
    result = run("--now", "2026-11-20T12:00", "time", "add", task_id, *args)
    assert result.code == code and message in result.err, result.err
    assert commit_count(ledger) == before


def test_internal_time_is_not_billable(ledger: Path, run: Runner) -> None:
    task_id = created_id(run("task", "new", "Laptop setup"))
    _add(run, task_id, "20m")
    assert _data(ledger, task_id)["time"][0]["billable"] is False


def test_edit_and_rm_leave_events(ledger: Path, run: Runner) -> None:
    task_id = created_id(run("task", "new", "Run", "--client", "globex"))
    entry = _add(run, task_id, "--start", "2026-11-20T09:00", "--end", "2026-11-20T10:00")
    result = run("time", "edit", entry, "--end", "2026-11-20T10:30", "--note", "incl. notes")
    assert result.code == 0, result.err
    data = _data(ledger, task_id)
    assert data["time"][0]["end"] == "2026-11-20T10:30:00+01:00"
    event = data["events"][-1]
    assert event["kind"] == "time" and event["action"] == "edit" and event["entry"] == entry
    assert event["before"] == {"end": "2026-11-20T10:00:00+01:00", "note": None}
    assert git(ledger, "log", "-1", "--format=%s").strip() == f"time({task_id}): edit {entry}"
    assert run("time", "edit", entry, "--duration", "45m").code == 0
    assert _data(ledger, task_id)["time"][0]["minutes"] == 45
    assert "end" not in _data(ledger, task_id)["time"][0]
    assert run("time", "rm", f"{task_id}/{entry}").code == 0
    data = _data(ledger, task_id)
    assert data["time"] == [] or "time" not in data or not data["time"]
    assert data["events"][-1]["action"] == "rm" and data["events"][-1]["before"]["minutes"] == 45
    assert run("time", "rm", entry).code == 1  # gone


def test_lock_refuses_edits_of_invoiced_time(ledger: Path, run: Runner) -> None:
    task_id = created_id(run("task", "new", "Run", "--client", "globex"))
    entry = _add(run, task_id, "--start", "2026-11-03T09:00", "--end", "2026-11-03T10:00")
    before = commit_count(ledger)
    locked = run(
        "time", "lock", "--client", "globex", "--until", "2026-11-30T23:59:59", "--note", "INV-1"
    )
    assert locked.code == 0, locked.err
    assert commit_count(ledger) == before + 1
    billing = (ledger / "policies" / "billing.yaml").read_text()
    assert billing.startswith("# test contracts\n")  # round-trip edit keeps comments
    assert "{client: globex, until: 2026-11-30T23:59:59+01:00, note: INV-1}" in billing
    edit = run("time", "edit", entry, "--note", "x")
    assert edit.code == 1 and "locked" in edit.err
    assert run("time", "rm", entry).code == 1
    assert run("time", "lock", "--client", "globex", "--until", "2026-11-01").code == 1
    assert run("time", "lock", "--client", "nobody", "--until", "2026-11-01").code == 2
