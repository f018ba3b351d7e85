"""Refusals and one-line errors the fast paths must keep (duplicate ids, locks, odd files)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from opsledger.ledger import Ledger
from opsledger.model.errors import Conflict, OpsledgerError, UsageError
from opsledger.store.fastload import load_fast
from opsledger.timetrack import cache, policy
from tests.cli.conftest import Runner, created_id, task_file
from tests.timetrack.billing_fixture import BILLING, add_billing

LOCKED = "2026-10-20T09:00:00+02:00"  # acme is locked until the end of October


def _ledger(ledger_dir: Path) -> Ledger:
    return Ledger.open(ledger_dir, env={"OPSLEDGER_USER": "olivia"})


def _with_time(path: Path, items: str) -> None:
    path.write_text(path.read_text() + "time:\n" + items)


def test_an_id_in_two_tasks_is_refused_even_when_the_cache_names_one(
    ledger_dir: Path, run: Runner
) -> None:
    add_billing(ledger_dir)
    one = created_id(run("task", "new", "One", "--client", "globex"))
    two = created_id(run("task", "new", "Two", "--client", "globex"))
    ledger = _ledger(ledger_dir)
    _, entry = ledger.time.add(one, "30m", project="GX-RUN")
    assert ledger.time.edit(entry["id"], note="once")[0] == one  # the id cache names `one`
    line = f"  - {{id: {entry['id']}, start: 2026-11-19T09:00:00+01:00, minutes: 5, who: bo}}\n"
    _with_time(task_file(ledger_dir, two), line)
    for act in (
        lambda: ledger.time.edit(entry["id"], note="x"),
        lambda: ledger.time.rm(entry["id"]),
    ):
        with pytest.raises(Conflict, match="in several tasks"):
            act()
    cache.load_table(ledger.ws)  # the cache knows both now; still refused
    with pytest.raises(Conflict, match="in several tasks"):
        ledger.time.rm(entry["id"])
    assert ledger.time.rm(f"{two}/{entry['id']}")[0] == two


def test_a_locked_entry_with_a_bad_end_cannot_be_moved_out(ledger_dir: Path, run: Runner) -> None:
    add_billing(ledger_dir)
    task = created_id(run("task", "new", "Locked", "--client", "acme"))
    path = task_file(ledger_dir, task)
    _with_time(
        path,
        f"  - {{id: aaaaaa, start: {LOCKED}, end: nonsense, who: bo, client: acme,"
        " project: OPS-42}\n",
    )
    before = path.read_text()
    ledger = _ledger(ledger_dir)
    with pytest.raises(Conflict, match="locked"):
        ledger.time.edit(
            "aaaaaa", start="2026-11-20T09:00:00+01:00", end="2026-11-20T10:00:00+01:00"
        )
    # an unparsable start cannot be judged: fix the start first
    path.write_text(before.replace(LOCKED, "2026-10-20T09:00:00"))
    with pytest.raises(UsageError, match="fix the start first"):
        ledger.time.edit("aaaaaa", end="2026-11-20T10:00:00+01:00")
    with pytest.raises(UsageError, match="fix the start first"):
        ledger.time.rm("aaaaaa")


def test_the_lock_applies_to_the_tasks_client(ledger_dir: Path, run: Runner) -> None:
    add_billing(ledger_dir)
    task = created_id(run("task", "new", "Locked", "--client", "acme"))
    path = task_file(ledger_dir, task)
    _with_time(path, f"  - {{id: bbbbbb, start: {LOCKED}, minutes: 30, who: bo}}\n")
    ledger = _ledger(ledger_dir)
    with pytest.raises(Conflict, match="locked"):
        ledger.time.rm("bbbbbb")
    with pytest.raises(Conflict, match="locked"):
        ledger.time.edit("bbbbbb", minutes=45)
    assert "bbbbbb" in path.read_text()


def test_odd_entries_and_files_are_one_line_errors(ledger_dir: Path, run: Runner) -> None:
    add_billing(ledger_dir)
    task = created_id(run("task", "new", "Odd", "--client", "acme"))
    path = task_file(ledger_dir, task)
    _with_time(
        path,
        "  - {id: cccccc, start: 2026-11-20T09:00:00, minutes: 30, who: bo, project: OPS-42}\n",
    )
    ledger = _ledger(ledger_dir)
    with pytest.raises(UsageError, match=r"offset.*fix the start first"):
        ledger.time.rm("cccccc")
    with pytest.raises(UsageError, match=r"offset.*fix the start first"):
        ledger.time.edit("cccccc", minutes=45)
    # a file that is not UTF-8 while searching every file for an id
    (ledger_dir / "tasks" / "T-0badf11e.yaml").write_bytes(b"title: \xff\xfe dddddd\n")
    with pytest.raises(OpsledgerError):
        ledger.time.rm("dddddd")
    with pytest.raises(OpsledgerError, match="no time entry eeeeee"):
        ledger.time.rm("eeeeee")


def test_adding_to_a_bare_time_key(ledger_dir: Path, run: Runner) -> None:
    add_billing(ledger_dir)
    task = created_id(run("task", "new", "Bare", "--client", "globex"))
    path = task_file(ledger_dir, task)
    path.write_text(path.read_text() + "time:\n")
    _, entry = _ledger(ledger_dir).time.add(task, "30m", project="GX-RUN")
    assert [e["id"] for e in load_fast(path.read_text(), "t")["time"]] == [entry["id"]]


def test_an_entry_at_the_end_of_time_does_not_break_reports(ledger_dir: Path, run: Runner) -> None:
    add_billing(ledger_dir)
    task = created_id(run("task", "new", "Far", "--client", "globex"))
    _with_time(
        task_file(ledger_dir, task),
        "  - {id: ffffff, start: 2026-11-20T09:00:00+01:00, minutes: 30, who: bo}\n"
        "  - {id: gggggg, start: 9999-12-31T22:00:00-12:00, end: 9999-12-31T23:00:00-12:00,"
        " who: bo}\n",
    )
    ledger = _ledger(ledger_dir)
    try:
        report = ledger.time.report(["client"])
    except OpsledgerError as exc:  # a one-line error naming the file is fine too
        assert task in str(exc)
    else:
        assert report.total.seconds == 30 * 60
    result = run("time", "report")
    assert "Traceback" not in result.err and (result.code == 0 or task in result.err)


def test_removing_the_last_entry_keeps_the_key_comment(ledger_dir: Path, run: Runner) -> None:
    add_billing(ledger_dir)
    task = created_id(run("task", "new", "Commented", "--client", "globex"))
    path = task_file(ledger_dir, task)
    path.write_text(
        path.read_text() + "time:   # billed monthly\n"
        "  - {id: hhhhhh, start: 2026-11-20T09:00:00+01:00, minutes: 30, who: bo}\n"
    )
    _ledger(ledger_dir).time.rm("hhhhhh")
    text = path.read_text()
    assert "time: []   # billed monthly\n" in text
    assert load_fast(text, "t")["time"] == []


def test_an_edit_keeps_extension_keys(ledger_dir: Path, run: Runner) -> None:
    add_billing(ledger_dir)
    task = created_id(run("task", "new", "Extended", "--client", "globex"))
    path = task_file(ledger_dir, task)
    _with_time(
        path,
        "  - {id: jjjjjj, start: 2026-11-20T09:00:00+01:00, minutes: 30, who: bo,"
        " x-ticket: OPS-7, x-empty: null}\n",
    )
    _, new = _ledger(ledger_dir).time.edit("jjjjjj", minutes=45)
    assert new["x-ticket"] == "OPS-7" and new["minutes"] == 45
    entry = load_fast(path.read_text(), "t")["time"][0]
    assert (entry["x-ticket"], entry["x-empty"], entry["minutes"]) == ("OPS-7", None, 45)


def test_an_edited_billing_cache_cannot_change_locks_or_rates(ledger_dir: Path) -> None:
    add_billing(ledger_dir)
    ws = _ledger(ledger_dir).ws
    first = policy.load_billing(ws)
    file = ws.paths.cache / "timetrack-billing.json"
    cached = json.loads(file.read_text())
    cached["data"]["locks"] = []
    cached["data"]["clients"]["acme"]["rates"]["olivia"] = 1
    file.write_text(json.dumps(cached))
    assert policy.load_billing(ws) == first
    # the text validated is the text read, not a second read of the file
    other = BILLING.replace("currency: EUR", "currency: USD", 1)
    assert policy._validated(ws, other)["currency"] == "USD"  # pyright: ignore[reportPrivateUsage]


def test_a_timestamp_at_the_end_of_the_calendar_is_refused(ledger_dir: Path, run: Runner) -> None:
    add_billing(ledger_dir)
    task = created_id(run("task", "new", "Far", "--client", "globex"))
    path = task_file(ledger_dir, task)
    _with_time(path, "  - {id: kkkkkk, start: 2026-11-20T09:00:00+01:00, minutes: 30, who: bo}\n")
    before = path.read_text()
    with pytest.raises(UsageError, match="ends of the calendar"):
        _ledger(ledger_dir).time.edit("kkkkkk", start="9999-12-31T22:00:00-12:00")
    assert path.read_text() == before
    far = datetime(9999, 12, 31, 22, tzinfo=timezone(timedelta(hours=-12)))
    with pytest.raises(UsageError, match="ends of the calendar"):
        _ledger(ledger_dir).time.add(task, start=far, end=far + timedelta(minutes=30))
