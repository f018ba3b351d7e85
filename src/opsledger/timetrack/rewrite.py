"""Writing a change of a task's time entries in one transaction, without pydantic or ruamel.

The lines that change are spliced (``textedit.py``) and the result is read back with the
fast loader: it must give exactly the old data with the intended changes, or the
round-trip editor does the work instead. The entries and events written are checked by
the lean rules of ``writing.check_shape``; the rest of the task is left as it was (the
validator's business, as for ``cmd add``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from opsledger.model.errors import Conflict, Location, ValidationFailed
from opsledger.model.ids import ENTRY_ID_RE
from opsledger.model.timestamps import is_timestamp
from opsledger.store.fastload import load_fast
from opsledger.store.records import load_data, read_text
from opsledger.store.textsplice import stamp_updated as stamp
from opsledger.store.workspace import Workspace
from opsledger.timetrack.plain import raw_list
from opsledger.timetrack.textedit import append_items, replace_item
from opsledger.timetrack.writing import check_shape


@dataclass
class Change:
    """Entries to append; optionally one entry (by id) to replace, or remove when ``entry``
    is None; events to append."""

    time: list[dict[str, Any]] = field(default_factory=lambda: list[dict[str, Any]]())
    entry_id: str | None = None
    entry: dict[str, Any] | None = None
    events: list[dict[str, Any]] = field(default_factory=lambda: list[dict[str, Any]]())


def apply(
    ws: Workspace,
    task_id: str,
    path: Path,
    verb: str,
    summary: str,
    change: Change,
    known: tuple[dict[str, Any], str] | None = None,
) -> None:
    """Write ``change`` to the task. ``known`` is the task's data and text as the caller
    read them before the lock; unless the file changed since, it is not parsed again."""
    relpath = ws.paths.rel(path)
    with ws.transaction("time", verb, task_id, summary) as tx:
        text = read_text(path, relpath)
        same = known is not None and known[1] == text
        data = known[0] if known is not None and same else load_data(ws, path)[0]
        now = ws.timestamp()
        index, expected = _expected(data, change, now, task_id)
        new = _spliced(text, change, index, now)
        if new is None or not _reads_as(new, relpath, expected):
            new = _round_trip(text, relpath, change, index, now, expected)
        for entry in [*change.time, *([change.entry] if change.entry else [])]:
            check_shape(entry, f"{task_id}/{entry.get('id')}")
        for event in change.events:
            _check_event(event, task_id)
        tx.touch_id(task_id)
        tx.write(path, new)


def _expected(
    data: dict[str, Any], change: Change, now: str, task_id: str
) -> tuple[int | None, dict[str, Any]]:
    for key in ("time", "events"):
        if data.get(key) is not None and not isinstance(data[key], list):
            raise ValidationFailed(f"{task_id}: {key} is not a list", None)
    entries: list[Any] = list(data.get("time") or [])
    index: int | None = None
    if change.entry_id is not None:
        found = [n for n, e in enumerate(raw_list(data, "time")) if e.get("id") == change.entry_id]
        if not found:
            raise Conflict(f"entry {task_id}/{change.entry_id} vanished while editing")
        # raw_list skips non-mappings: find the position in the list itself
        index = [n for n, e in enumerate(entries) if isinstance(e, dict)][found[0]]
        if change.entry is None:
            del entries[index]
        else:
            entries[index] = change.entry
    expected = {**data, "updated": now, "time": [*entries, *change.time]}
    if change.events:
        expected["events"] = [*(data.get("events") or []), *change.events]
    return index, expected


def _spliced(text: str, change: Change, index: int | None, now: str) -> str | None:
    new: str | None = text
    if index is not None:
        new = replace_item(text, "time", index, change.entry)
    if new is not None and change.time:
        new = append_items(new, "time", change.time)
    if new is not None and change.events:
        new = append_items(new, "events", change.events)
    return None if new is None else stamp(new, now)


def _reads_as(text: str, relpath: str, expected: dict[str, Any]) -> bool:
    try:
        return load_fast(text, relpath) == expected
    except Exception:
        return False


def _round_trip(
    text: str,
    relpath: str,
    change: Change,
    index: int | None,
    now: str,
    expected: dict[str, Any],
) -> str:
    """The general way, for layouts the splice leaves alone (``time: []``, comments)."""
    from opsledger.store.yamlio import YamlDocument

    doc = YamlDocument.parse(text, relpath)
    if index is not None:
        if change.entry is None:
            doc.delete(["time", index])
        else:
            old: Any = doc.get(["time", index])
            for key in [k for k in old if k not in change.entry]:
                doc.delete(["time", index, key])
            for key, value in change.entry.items():
                if old.get(key) != value:
                    doc.set(["time", index, key], value)
    for key, items in (("time", change.time), ("events", change.events)):
        if items and _is_null(doc, key):
            doc.set([key], [])  # a bare ``time:`` is an empty list
        for item in items:
            doc.append([key], item)
    doc.set(["updated"], now)
    result = doc.dump()
    if load_fast(result, relpath) != expected:  # pragma: no cover - a ruamel defect
        raise ValidationFailed("the edit would change other data", Location(relpath))
    return result


def _is_null(doc: Any, key: str) -> bool:
    try:
        return doc.get([key]) is None
    except (KeyError, IndexError):
        return False


def _check_event(event: dict[str, Any], task_id: str) -> None:
    if not (
        ENTRY_ID_RE.match(str(event.get("id")))
        and is_timestamp(str(event.get("at")))
        and isinstance(event.get("by"), str)
        and event.get("kind")
    ):
        raise ValidationFailed(f"{task_id}: malformed event {event!r}", None)
