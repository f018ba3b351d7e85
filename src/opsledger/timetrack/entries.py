"""Time entries as the reports see them: absolute intervals with their billing context.

Entries are read from raw data (the fast loader, no pydantic) so that a report over a
whole ledger stays cheap. The entry's own ``client``/``project`` win; otherwise the task's
(the defaults ``time start``/``add`` write would have used).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from opsledger.timetrack.plain import as_mapping, epoch, raw_list

__all__ = ["Entry", "as_mapping", "entries_of_task", "entry_from_data", "epoch", "raw_list"]


@dataclass(frozen=True, slots=True)
class Entry:
    task: str
    id: str
    start: int  # epoch seconds
    end: int  # epoch seconds; for ``minutes`` entries start + minutes
    who: str
    client: str | None
    project: str | None
    components: tuple[str, ...]  # the entry's component, else the task's components
    billable: bool
    note: str | None
    start_text: str
    end_text: str | None
    minutes: int | None

    @property
    def seconds(self) -> int:
        return self.end - self.start


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def entry_from_data(task: dict[str, Any], task_id: str, raw: dict[str, Any]) -> Entry:
    """One ``time`` list item; raises ValueError/KeyError/TypeError on malformed data."""
    start_text = str(raw["start"])
    start = epoch(start_text)
    minutes = raw.get("minutes")
    end_text = _text(raw.get("end"))
    if end_text is not None:
        end = epoch(end_text)
    elif isinstance(minutes, int) and not isinstance(minutes, bool):
        end = start + minutes * 60
    else:
        raise ValueError("a time entry needs end or minutes")
    component = raw.get("component")
    if component:
        components: tuple[str, ...] = (str(component),)
    else:
        components = tuple(str(c) for c in task.get("components") or ())
    return Entry(
        task=task_id,
        id=str(raw.get("id", "")),
        start=start,
        end=end,
        who=str(raw.get("who", "")),
        client=_text(raw.get("client")) or _text(task.get("client")),
        project=_text(raw.get("project")) or _text(task.get("project")),
        components=components,
        billable=raw.get("billable", True) is not False,
        note=_text(raw.get("note")),
        start_text=start_text,
        end_text=end_text,
        minutes=minutes if end_text is None else None,
    )


def entries_of_task(data: dict[str, Any], task_id: str) -> list[Entry]:
    """Every well-formed entry of one task; malformed ones are the validator's business."""
    found: list[Entry] = []
    for raw in raw_list(data, "time"):
        try:
            found.append(entry_from_data(data, task_id, raw))
        except (KeyError, ValueError, TypeError):
            continue
    return found
