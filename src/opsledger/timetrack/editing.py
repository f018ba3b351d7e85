"""``time add|edit|rm``: entries recorded directly; edits and removals leave an event."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from opsledger.model.durations import parse_duration
from opsledger.model.errors import UsageError
from opsledger.model.ids import new_entry_id
from opsledger.store.records import find_task, load_data
from opsledger.store.workspace import Workspace
from opsledger.timetrack.append import append_entries
from opsledger.timetrack.billing import Billing
from opsledger.timetrack.defaults import default_client_project
from opsledger.timetrack.rewrite import Change, apply
from opsledger.timetrack.writing import (
    check_entry,
    check_unlocked,
    find_entry,
    ordered,
    whoami,
)

_UNSET: Any = object()


def parse_positive(text: str) -> timedelta:
    if text.strip().startswith("-"):
        raise UsageError(f"negative duration {text!r}: time spent is never negative")
    try:
        value = parse_duration(text)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if not value:
        raise UsageError(f"duration {text!r} is zero")
    return value


def span(
    ws: Workspace, duration: str | None, start: datetime | None, end: datetime | None
) -> dict[str, Any]:
    """``start`` + ``minutes`` for a duration (``start`` + ``end`` if not whole minutes)."""
    try:
        return _span(ws, duration, start, end)
    except OverflowError:  # in the ledger's timezone, beyond year 9999
        raise UsageError("the times are too close to the ends of the calendar") from None


def _span(
    ws: Workspace, duration: str | None, start: datetime | None, end: datetime | None
) -> dict[str, Any]:
    if duration is not None:
        if start is not None and end is not None:
            raise UsageError("give a DURATION or --start and --end, not all three")
        length = parse_positive(duration)
        begin = start or (end or ws.now()) - length
        seconds = int(length.total_seconds())
        if seconds % 60 == 0:
            return {"start": ws.timestamp(begin), "minutes": seconds // 60}
        return {"start": ws.timestamp(begin), "end": ws.timestamp(begin + length)}
    if start is None or end is None:
        raise UsageError("give a DURATION (e.g. 1h30m) or both --start and --end")
    return {"start": ws.timestamp(start), "end": ws.timestamp(end)}


def add(
    ws: Workspace,
    billing: Billing,
    fragment: str,
    *,
    duration: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    who: str | None = None,
    client: str | None = None,
    project: str | None = None,
    component: str | None = None,
    note: str | None = None,
    billable: bool = True,
) -> tuple[str, dict[str, Any]]:
    person = whoami(ws, who)
    task_id, path = find_task(ws, fragment)
    data, text = load_data(ws, path)
    client, project = default_client_project(ws, data, client, project, component)
    entry = ordered(
        {
            "id": new_entry_id(),
            **span(ws, duration, start, end),
            "who": person,
            "client": client,
            "project": project,
            "component": component,
            "billable": billable and client is not None,
            "note": note,
        }
    )
    check_entry(ws, billing, entry, task_id)
    summary = f"{entry['id']} {note or ''}".strip()
    append_entries(ws, task_id, [entry], "add", summary, (task_id, path), (data, text))
    return task_id, entry


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _event(ws: Workspace, action: str, entry_id: str, before: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": new_entry_id(),
        "at": ws.timestamp(),
        "by": ws.actor(),
        "kind": "time",
        "action": action,
        "entry": entry_id,
        "before": before,
    }


def edit(
    ws: Workspace, billing: Billing, ref: str, changes: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """Change fields of one entry; a value of None removes the field."""
    if not changes:
        raise UsageError("nothing to change: give --start, --end, --duration, --note, …")
    task_id, path, _, old, known = find_entry(ws, ref)
    entry_id = str(old["id"])
    new = {**old, **changes}
    if "end" in changes and changes["end"] is not None:
        new.pop("minutes", None)
    if "minutes" in changes:
        new.pop("end", None)
    new = ordered({k: v for k, v in new.items() if v is not None or k not in changes})
    where = f"{task_id}/{entry_id}"
    task_client = _text(known[0].get("client"))
    check_unlocked(billing, old, where, task_client)
    check_entry(ws, billing, new, where, task_client)
    before = {k: old.get(k) for k in {*old, *new} if old.get(k) != new.get(k)}
    change = Change(entry_id=entry_id, entry=new, events=[_event(ws, "edit", entry_id, before)])
    apply(ws, task_id, path, "edit", entry_id, change, known)
    return task_id, new


def remove(ws: Workspace, billing: Billing, ref: str) -> tuple[str, dict[str, Any]]:
    task_id, path, _, old, known = find_entry(ws, ref)
    entry_id = str(old["id"])
    check_unlocked(billing, old, f"{task_id}/{entry_id}", _text(known[0].get("client")))
    change = Change(entry_id=entry_id, events=[_event(ws, "rm", entry_id, dict(old))])
    apply(ws, task_id, path, "rm", entry_id, change, known)
    return task_id, old
