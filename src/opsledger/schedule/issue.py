"""One thing ``window check`` reports, in the shape the CLI, the API and the validator share."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any, NamedTuple

from opsledger.schedule.spec import KeyPath

CHECK_NAMES = {
    "OL401": "invalid-window",
    "OL402": "maintenance-overlap",
    "OL403": "freeze-conflict",
    "OL404": "team-capacity",
    "OL405": "change-outside-window",
    "OL406": "task-outside-window",
}


class Issue(NamedTuple):
    """A tuple, not a frozen dataclass: a check of a busy calendar builds thousands, and
    a frozen dataclass's ``__init__`` costs several times a tuple's."""

    check: str
    message: str  # one line, no trailing period
    relpath: str  # the file to change (for a conflict: the window to move)
    keypath: KeyPath = ()
    windows: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    shared: tuple[str, ...] = ()
    move: str | None = None
    next_free: datetime | None = None
    occurrences: int = 1

    def row(self, zone: tzinfo) -> dict[str, Any]:
        from opsledger.model.timestamps import format_timestamp

        def stamp(moment: datetime | None) -> str | None:
            return format_timestamp(moment, zone) if moment is not None else None

        return {
            "check": self.check,
            "name": CHECK_NAMES[self.check],
            "file": self.relpath,
            "windows": list(self.windows),
            "start": stamp(self.start),
            "end": stamp(self.end),
            "shared": list(self.shared),
            "occurrences": self.occurrences,
            "move": self.move,
            "next_free": stamp(self.next_free),
            "message": self.message,
        }


def _minute(moment: datetime) -> str:
    # Formatted by hand: strftime costs more than the rest of building a conflict issue.
    return f"{moment.hour:02d}:{moment.minute:02d}"


def _day_minute(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} {_minute(moment)}"


def _offset(moment: datetime) -> str:
    minutes = int(moment.utcoffset().total_seconds()) // 60  # type: ignore[union-attr]
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def span_text(start: datetime, end: datetime, zone: tzinfo) -> str:
    """``2026-12-05 22:00–23:30 +01:00``, or with both dates when the span crosses midnight."""
    a, b = start.astimezone(zone), end.astimezone(zone)
    if a.date() == b.date():
        return f"{_day_minute(a)}–{_minute(b)} {_offset(a)}"
    return f"{_day_minute(a)} – {_day_minute(b)} {_offset(a)}"
