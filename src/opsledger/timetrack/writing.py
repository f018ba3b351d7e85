"""Checking a new or changed entry and finding an existing one (shared by every verb)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from opsledger.model.components import reference_known
from opsledger.model.errors import Conflict, NotFound, UsageError
from opsledger.model.ids import ENTRY_ID_RE
from opsledger.model.timestamps import is_timestamp, parse_timestamp
from opsledger.store.records import find_task, load_data, task_files
from opsledger.store.workspace import Workspace
from opsledger.timetrack.billing import Billing
from opsledger.timetrack.plain import epoch, raw_list

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


def whoami(ws: Workspace, who: str | None) -> str:
    found = who or ws.me()
    if not found:
        raise UsageError(
            "who is tracking time? set OPSLEDGER_USER or a git user.email listed in people.yaml"
        )
    return found


def ordered(entry: dict[str, Any]) -> dict[str, Any]:
    """Keys in the documented order, empty ones dropped (billable is always written);
    ``x-`` extension keys follow, as they were."""
    known = {k: entry[k] for k in _ORDER if entry.get(k) is not None}
    return known | {k: v for k, v in entry.items() if str(k).startswith("x-")}


def interval(entry: dict[str, Any]) -> tuple[int, int]:
    start = epoch(str(entry["start"]))
    if entry.get("end") is not None:
        return start, epoch(str(entry["end"]))
    return start, start + int(entry.get("minutes") or 0) * 60


def check_entry(
    ws: Workspace,
    billing: Billing,
    entry: dict[str, Any],
    where: str,
    task_client: str | None = None,
) -> None:
    """Refuse what the validator would: bad interval, unknown references, a locked period."""
    try:
        start, end = interval(entry)
    except (KeyError, ValueError, TypeError) as exc:
        raise UsageError(f"{where}: {_why(exc, entry)}") from None
    if end < start:
        raise UsageError(
            f"{where}: the entry ends ({entry.get('end')}) before it starts ({entry['start']})"
        )
    if end == start:
        raise UsageError(f"{where}: the entry is empty (it ends when it starts)")
    billing.check_reference(
        entry.get("client"), entry.get("project"), entry.get("billable", True) is not False
    )
    component = entry.get("component")
    if component and not reference_known(component, ws.inventory_data.get("components") or {}):
        raise UsageError(f"unknown component {component!r} (not in inventory.yaml)")
    check_unlocked(billing, entry, where, task_client)


def _why(exc: Exception, entry: dict[str, Any]) -> str:
    if isinstance(exc, KeyError):
        return f"the entry has no {exc.args[0]}"
    if "timestamp" in str(exc):  # ``epoch``'s own words
        return str(exc)
    return f"the entry's times ({entry.get('start')!r}, {entry.get('end')!r}) are not timestamps"


def check_unlocked(
    billing: Billing, entry: dict[str, Any], where: str, task_client: str | None = None
) -> None:
    """Refuse touching an entry in a locked period. The client is the entry's, else its
    task's (as reports count it); only the start decides, so a bad end cannot hide it."""
    client = entry.get("client") or task_client
    until = billing.locked_until(None if client is None else str(client))
    if until is None:
        return
    try:
        start = epoch(str(entry["start"]))
    except (KeyError, ValueError) as exc:
        raise UsageError(
            f"{where}: {_why(exc, entry)}; {client} has locked periods, "
            "so fix the start first (in the file)"
        ) from None
    if start <= until:
        lock = max(
            (lk for lk in billing.file.locks if lk.client in (client, "*")),
            key=lambda lk: parse_timestamp(lk.until),
        )
        raise Conflict(
            f"{where}: {client}'s time up to {lock.until} is locked "
            "(invoiced); locked entries cannot be added, changed or removed"
        )


# (task id, file, index among the entries, raw entry, the file's (data, text))
Hit = tuple[str, Path, int, dict[str, Any], tuple[dict[str, Any], str]]


def _hits(
    ws: Workspace,
    wanted: str,
    candidates: dict[str, Path],
    known: Mapping[str, tuple[dict[str, Any], str] | None] | None = None,
) -> list[Hit]:
    """``known`` holds the (data, text) of files just parsed (``lookup.holders``)."""
    hits: list[Hit] = []
    for task_id, path in candidates.items():
        data, text = (known or {}).get(task_id) or load_data(ws, path)
        for index, raw in enumerate(raw_list(data, "time")):
            if str(raw.get("id")) == wanted:
                hits.append((task_id, path, index, raw, (data, text)))
    return hits


def _mentioning(files: dict[str, Path], wanted: str) -> dict[str, Path]:
    """The files whose bytes hold the id (bytes: a file that is not UTF-8 is then
    reported by ``load_data`` only when it may hold the entry)."""
    needle = wanted.encode()
    found: dict[str, Path] = {}
    for task_id, path in files.items():
        try:
            if needle in path.read_bytes():
                found[task_id] = path
        except OSError:
            continue  # deleted or unreadable since it was listed
    return found


def find_entry(ws: Workspace, entry_id: str, task: str | None = None) -> Hit:
    """The ``Hit`` of an entry id, optionally written ``T-x/ID``.

    Without a task, the tasks holding the id are named by the id cache (``lookup.py``,
    which rereads only the files that changed) and their files are read to find the
    entry; an id in several tasks is refused. When none holds it, every file is read, so
    that a file that cannot be parsed reports its error.
    """
    if "/" in entry_id:
        task, _, entry_id = entry_id.rpartition("/")
    wanted = entry_id.strip().lower()
    if not ENTRY_ID_RE.match(wanted):
        raise UsageError(f"{entry_id!r} is not an entry id (6 characters, e.g. t4h8wz)")
    if task is not None:
        hits = _hits(ws, wanted, dict([find_task(ws, task)]))
    else:
        from opsledger.timetrack.lookup import holders

        found = holders(ws, wanted)
        paths = {task_id: path for task_id, (path, _) in found.items()}
        hits = _hits(ws, wanted, paths, {task_id: known for task_id, (_, known) in found.items()})
        if not hits:
            hits = _hits(ws, wanted, _mentioning(task_files(ws), wanted))
    if not hits:
        raise NotFound(f"no time entry {wanted}")
    if len(hits) > 1:
        where = ", ".join(f"{t}/{wanted}" for t, *_ in hits)
        raise Conflict(f"entry id {wanted} is in several tasks ({where}); name one as TASK/ID")
    return hits[0]


_TEXT_KEYS = ("client", "project", "component", "note")


def check_shape(entry: dict[str, Any], where: str) -> None:
    """The time entry model's rules (``model.task.TimeEntry``) without importing pydantic;
    a property test proves the model accepts every entry this accepts."""
    problems: list[str] = []
    if not isinstance(entry.get("id"), str) or not ENTRY_ID_RE.match(entry["id"]):
        problems.append(f"id {entry.get('id')!r} is not 6 base32 characters")
    for key in ("start", "end"):
        value = entry.get(key)
        if (key == "start" or value is not None) and not (
            isinstance(value, str) and is_timestamp(value)
        ):
            problems.append(f"{key} {value!r} is not a timestamp YYYY-MM-DDTHH:MM:SS+HH:MM")
    minutes = entry.get("minutes")
    if minutes is not None and (type(minutes) is not int or minutes < 0):
        problems.append(f"minutes must be a whole number ≥ 0, got {minutes!r}")
    if (entry.get("end") is None) == (minutes is None):
        problems.append("a time entry has either end or minutes, not both or neither")
    if not isinstance(entry.get("who"), str):
        problems.append(f"who must be text, got {entry.get('who')!r}")
    for key in _TEXT_KEYS:
        if entry.get(key) is not None and not isinstance(entry[key], str):
            problems.append(f"{key} must be text, got {entry[key]!r}")
    if not isinstance(entry.get("billable", True), bool):
        problems.append(f"billable must be true or false, got {entry['billable']!r}")
    unknown = [k for k in entry if k not in _ORDER and not str(k).startswith("x-")]
    if unknown:
        problems.append(f"unknown field {unknown[0]!r}")
    if problems:
        raise UsageError(f"{where}: {problems[0]}")
