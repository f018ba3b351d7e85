"""Checking a new or changed entry and finding an existing one (shared by every verb)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from opsledger.model.components import reference_known
from opsledger.model.errors import Conflict, NotFound, UsageError
from opsledger.model.ids import ENTRY_ID_RE
from opsledger.store.records import find_task, load_data, task_files
from opsledger.store.workspace import Workspace
from opsledger.timetrack.billing import Billing
from opsledger.timetrack.entries import epoch, raw_list

_ORDER = (
    "id",
    "start",
    "end",
    "minutes",
    "who",
    "client",
    "project",
    "component",
    "billable",
    "note",
)


def ordered(entry: dict[str, Any]) -> dict[str, Any]:
    """Keys in the documented order, empty ones dropped (billable is always written)."""
    return {k: entry[k] for k in _ORDER if entry.get(k) is not None}


def interval(entry: dict[str, Any]) -> tuple[int, int]:
    start = epoch(str(entry["start"]))
    if entry.get("end") is not None:
        return start, epoch(str(entry["end"]))
    return start, start + int(entry.get("minutes") or 0) * 60


def check_entry(ws: Workspace, billing: Billing, entry: dict[str, Any], where: str) -> None:
    """Refuse what the validator would: bad interval, unknown references, a locked period."""
    start, end = interval(entry)
    if end < start:
        raise UsageError(
            f"{where}: the entry ends ({entry.get('end')}) before it starts ({entry['start']})"
        )
    if end == start:
        raise UsageError(f"{where}: the entry is empty (it ends when it starts)")
    billing.check_reference(entry.get("client"), entry.get("project"), bool(entry["billable"]))
    component = entry.get("component")
    if component and not reference_known(component, ws.inventory_data.get("components") or {}):
        raise UsageError(f"unknown component {component!r} (not in inventory.yaml)")
    check_unlocked(billing, entry, where)


def check_unlocked(billing: Billing, entry: dict[str, Any], where: str) -> None:
    until = billing.locked_until(entry.get("client"))
    if until is not None and interval(entry)[0] <= until:
        lock = max(
            (lk for lk in billing.file.locks if lk.client in (entry.get("client"), "*")),
            key=lambda lk: epoch(lk.until),
        )
        raise Conflict(
            f"{where}: {entry.get('client')}'s time up to {lock.until} is locked "
            "(invoiced); locked entries cannot be added, changed or removed"
        )


def find_entry(
    ws: Workspace, entry_id: str, task: str | None = None
) -> tuple[str, Path, int, dict[str, Any]]:
    """(task id, file, index in ``time``, raw entry) of an entry id, optionally ``T-x/ID``."""
    if "/" in entry_id:
        task, _, entry_id = entry_id.rpartition("/")
    wanted = entry_id.strip().lower()
    if not ENTRY_ID_RE.match(wanted):
        raise UsageError(f"{entry_id!r} is not an entry id (6 characters, e.g. t4h8wz)")
    candidates = dict([find_task(ws, task)]) if task is not None else task_files(ws)
    hits: list[tuple[str, Path, int, dict[str, Any]]] = []
    for task_id, path in candidates.items():
        if task is None and wanted not in path.read_text(encoding="utf-8"):
            continue
        data, _ = load_data(ws, path)
        for index, raw in enumerate(raw_list(data, "time")):
            if str(raw.get("id")) == wanted:
                hits.append((task_id, path, index, raw))
    if not hits:
        raise NotFound(f"no time entry {wanted}")
    if len(hits) > 1:
        where = ", ".join(f"{t}/{wanted}" for t, *_ in hits)
        raise Conflict(f"entry id {wanted} is in several tasks ({where}); name one as TASK/ID")
    return hits[0]
