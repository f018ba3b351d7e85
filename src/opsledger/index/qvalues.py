"""Values in a query: dates (absolute or relative to now) and priorities."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from opsledger.model.timestamps import parse_user_time

_DAY_WORDS = {"today": 0, "yesterday": -1, "tomorrow": 1}


def date_range(value: str, now: datetime, zone: tzinfo) -> tuple[int, int]:
    """The instants ``value`` names as [low, high) epoch seconds: a whole day for a date or
    ``today``, one second for a timestamp, ``now`` or a relative time (``-7d``, ``2h``).
    Raises ValueError."""
    word = value.lower()
    if word in _DAY_WORDS:
        day = now.astimezone(zone).date() + timedelta(days=_DAY_WORDS[word])
        return _day(day.isoformat(), zone)
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        return _day(value, zone)
    moment = parse_user_time(value, zone, now)
    second = int(moment.timestamp())
    return second, second + 1


def _day(text: str, zone: tzinfo) -> tuple[int, int]:
    start = datetime.fromisoformat(text).replace(tzinfo=zone)
    end = (start + timedelta(days=1)).replace(tzinfo=zone)
    # Wall-clock midnight to midnight: a DST day is 23 or 25 hours long.
    end = datetime(end.year, end.month, end.day, tzinfo=zone)
    return int(start.timestamp()), int(end.timestamp())


def compare(op: str, low: float, high: float) -> tuple[str, tuple[float, ...]]:
    """SQL (with ``{x}`` for the column) for ``x op value`` given value's [low, high)."""
    return {
        "=": ("({x} >= ? AND {x} < ?)", (low, high)),
        ">": ("{x} >= ?", (high,)),
        ">=": ("{x} >= ?", (low,)),
        "<": ("{x} < ?", (low,)),
        "<=": ("{x} < ?", (high,)),
    }[op]
