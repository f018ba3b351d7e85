"""Lean entry checks agree with the model; edits fall back to the round-trip editor."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from opsledger.ledger import Ledger
from opsledger.model.errors import Conflict, UsageError
from opsledger.model.task import TimeEntry
from opsledger.store.fastload import load_fast
from opsledger.timetrack.rewrite import Change, apply
from opsledger.timetrack.writing import check_shape
from tests.cli.conftest import Runner, created_id, task_file
from tests.timetrack.billing_fixture import add_billing

STAMP = "2026-11-20T10:00:00+01:00"
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 90),
    st.sampled_from(["", "bo", "abcdef", "ABCDEF", STAMP, "2026-11-20T10:00", "x" * 7]),
)
KEYS = ("id", "start", "end", "minutes", "who", "client", "note", "billable", "x-mine", "nope")


@settings(max_examples=400, deadline=None)
@example(entry={"id": "abcdef", "start": STAMP, "minutes": 30, "who": "abcdef"})  # a valid one
@given(
    entry=st.fixed_dictionaries(
        {"id": st.sampled_from(["abcdef", "ABCDEF", 7]), "start": st.sampled_from([STAMP, "x"])},
        optional={k: VALUES for k in KEYS[2:]},
    )
)
def test_check_shape_agrees_with_the_model(entry: dict[str, Any]) -> None:
    try:
        TimeEntry.model_validate(entry)
        model_ok = True
    except ValidationError:
        model_ok = False
    try:
        check_shape(entry, "t")
        lean_ok = True
    except UsageError:
        lean_ok = False
    assert lean_ok == model_ok, entry


def test_check_shape_accepts_a_valid_entry() -> None:
    check_shape({"id": "abcdef", "start": STAMP, "minutes": 30, "who": "abcdef"}, "t")


@pytest.fixture
def task(ledger_dir: Path, run: Runner) -> tuple[Ledger, str, Path]:
    add_billing(ledger_dir)
    task_id = created_id(run("task", "new", "Run", "--client", "globex"))
    ledger = Ledger.open(ledger_dir, env={"OPSLEDGER_USER": "olivia"})
    return ledger, task_id, task_file(ledger_dir, task_id)


def test_layouts_the_splice_leaves_alone_keep_their_comments(
    task: tuple[Ledger, str, Path],
) -> None:
    ledger, task_id, path = task
    path.write_text(
        path.read_text() + "time:\n"
        "  - id: bbbbbb  # block style\n"
        "    start: 2026-11-20T09:00:00+01:00\n"
        "    minutes: 30\n"
        "    who: bo\n"
        "  - {id: cccccc, start: 2026-11-20T11:00:00+01:00, minutes: 5, who: bo}  # short\n"
    )
    ledger.time.edit(f"{task_id}/bbbbbb", minutes=45, note="block")
    ledger.time.edit(f"{task_id}/cccccc", note="call")
    text = path.read_text()
    assert "# block style" in text and "# short" in text
    data = load_fast(text, "t")
    assert [e.get("minutes") for e in data["time"]] == [45, 5]
    assert data["time"][1]["note"] == "call"
    assert [e["action"] for e in data["events"]] == ["edit", "edit"]
    ledger.time.rm(f"{task_id}/bbbbbb")
    assert [e["id"] for e in load_fast(path.read_text(), "t")["time"]] == ["cccccc"]


def test_an_entry_that_vanished_is_a_conflict(task: tuple[Ledger, str, Path]) -> None:
    ledger, task_id, path = task
    with pytest.raises(Conflict, match="vanished"):
        apply(ledger.ws, task_id, path, "rm", "x", Change(entry_id="dddddd"))


def test_a_bad_entry_is_refused_before_anything_is_written(
    task: tuple[Ledger, str, Path],
) -> None:
    ledger, task_id, path = task
    before = path.read_text()
    bad = {"id": "dddddd", "start": STAMP, "minutes": 5, "who": "bo", "billable": "yes"}
    with pytest.raises(UsageError, match="billable must be true or false"):
        apply(ledger.ws, task_id, path, "add", "x", Change(time=[bad]))
    assert path.read_text() == before
