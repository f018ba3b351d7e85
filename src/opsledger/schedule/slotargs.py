"""What people type for ``window free``: hour ranges and weekday ranges."""

from __future__ import annotations

from opsledger.model.errors import UsageError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_hours(text: str) -> tuple[tuple[int, int], ...]:
    """``1-5`` or ``22-4,13-14`` → ((1, 5), …): [from, to) local hours; ``22-4`` wraps midnight."""
    ranges: list[tuple[int, int]] = []
    for part in text.split(","):
        first, sep, last = part.strip().partition("-")
        try:
            lo, hi = int(first), int(last)
        except ValueError:
            raise UsageError(
                f"--allowed-hours {text!r}: expected ranges such as 1-5 or 22-4"
            ) from None
        if not sep or not (0 <= lo <= 23 and 0 <= hi <= 24) or lo == hi:
            raise UsageError(f"--allowed-hours {text!r}: hours run 0-24, e.g. 1-5 or 22-4")
        ranges.append((lo, hi))
    return tuple(ranges)


def _day(name: str, text: str) -> int:
    key = name.strip().lower()[:3]
    if key not in DAYS:
        raise UsageError(f"--allowed-days {text!r}: days are mon tue wed thu fri sat sun")
    return DAYS.index(key)


def parse_days(text: str) -> frozenset[int]:
    """``mon-fri`` or ``sat,sun`` or ``fri-mon`` → weekday numbers (Monday is 0)."""
    days: set[int] = set()
    for part in text.split(","):
        first, sep, last = part.partition("-")
        lo = _day(first, text)
        hi = _day(last, text) if sep else lo
        day = lo
        days.add(day)
        while day != hi:
            day = (day + 1) % 7
            days.add(day)
    return frozenset(days)
