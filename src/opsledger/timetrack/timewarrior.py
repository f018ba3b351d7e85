"""``time import --source timewarrior``: intervals from ``timew export`` JSON.

Tag mapping (docs/time.md): a tag that names a task (``T-3kq9f2xw``, or a prefix with
its kind such as ``T-3kq9``, or ``task:ID``) picks the task; ``client:C``, ``project:P``
and ``component:X`` set those; ``nobill`` or ``billable:no`` marks the interval
non-billable; the annotation becomes the note. Other tags are ignored. Open intervals
(still running) are skipped. An interval already in the task (same person, start and end)
is skipped, so importing twice is safe.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from opsledger.model.errors import ParseError, UsageError
from opsledger.model.ids import new_entry_id
from opsledger.store.records import find_task, load_data
from opsledger.store.workspace import Workspace
from opsledger.timetrack.append import append_entries
from opsledger.timetrack.billing import Billing
from opsledger.timetrack.defaults import default_client_project
from opsledger.timetrack.plain import as_mapping, epoch, raw_list
from opsledger.timetrack.writing import check_entry, interval, ordered

_NO = ("no", "false", "0")
_TASK_TAG = re.compile(r"^[A-Z]+-[0-9a-hjkmnp-tv-z]{4,8}$")


@dataclass
class Imported:
    added: list[tuple[str, dict[str, Any]]] = field(default_factory=lambda: [])
    skipped_open: int = 0
    skipped_known: int = 0


def _moment(text: str) -> datetime:
    try:
        return datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        raise ParseError(f"timewarrior time {text!r} is not YYYYMMDDTHHMMSSZ") from None


def _mapped(tags: list[str], default_task: str | None) -> dict[str, Any]:
    found: dict[str, Any] = {"billable": True}
    for tag in tags:
        key, sep, value = tag.partition(":")
        if sep and key in ("client", "project", "component", "task") and value:
            found[key] = value
        elif tag == "nobill" or (key == "billable" and value.lower() in _NO):
            found["billable"] = False
        elif _TASK_TAG.match(tag) and "task" not in found:
            found["task"] = tag
    found.setdefault("task", default_task)
    return found


def import_timewarrior(
    ws: Workspace, billing: Billing, text: str, who: str, default_task: str | None = None
) -> Imported:
    try:
        intervals: Any = json.loads(text)
    except ValueError as exc:
        raise ParseError(f"timew export: not JSON ({exc})") from None
    if not isinstance(intervals, list):
        raise ParseError("timew export: expected a JSON array of intervals")
    result = Imported()
    by_task: dict[str, list[dict[str, Any]]] = {}
    for number, raw in enumerate(cast(list[Any], intervals), 1):
        item = as_mapping(raw)
        if item is None or "start" not in item:
            raise ParseError(f"timew export: interval {number} has no start")
        if not item.get("end"):
            result.skipped_open += 1
            continue
        tags = [str(t) for t in cast(list[Any], item.get("tags") or [])]
        mapped = _mapped(tags, default_task)
        if mapped["task"] is None:
            raise UsageError(
                f"timew interval @{item.get('id', number)} names no task "
                f"(tags {tags}); tag it with a task id or pass --task"
            )
        task_id, path = find_task(ws, str(mapped["task"]))
        data, _ = load_data(ws, path)
        client, project = default_client_project(
            ws, data, mapped.get("client"), mapped.get("project"), mapped.get("component")
        )
        entry = ordered(
            {
                "id": new_entry_id(),
                "start": ws.timestamp(_moment(str(item["start"]))),
                "end": ws.timestamp(_moment(str(item["end"]))),
                "who": who,
                "client": client,
                "project": project,
                "component": mapped.get("component"),
                "billable": bool(mapped["billable"]) and client is not None,
                "note": item.get("annotation") or None,
            }
        )
        known = {(e.get("who"), *interval(e)) for e in raw_list(data, "time")}
        key = (who, epoch(entry["start"]), epoch(entry["end"]))
        if key in known or any(_same(key, e) for e in by_task.get(task_id, [])):
            result.skipped_known += 1
            continue
        check_entry(ws, billing, entry, f"timew interval @{item.get('id', number)}")
        by_task.setdefault(task_id, []).append(entry)
    count = sum(len(v) for v in by_task.values())
    with ws.transaction("time", "import", "batch", f"{count} entries from timewarrior"):
        for task_id, entries in by_task.items():
            append_entries(ws, task_id, entries, "import", f"{len(entries)} entries")
            result.added.extend((task_id, entry) for entry in entries)
    return result


def _same(key: tuple[str, int, int], entry: dict[str, Any]) -> bool:
    return key == (entry["who"], epoch(entry["start"]), epoch(entry["end"]))
