"""Cutting intervals at local midnights, so a night shift counts on the days it touched.

The ledger timezone decides where a day starts; a DST change makes a day 23 or 25 hours
long, which falls out of working in absolute seconds between local midnights.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo


def local_day(moment: int, zone: tzinfo) -> date:
    return datetime.fromtimestamp(moment, zone).date()


def midnight(day: date, zone: tzinfo) -> int:
    return int(datetime.combine(day, time(0), tzinfo=zone).timestamp())


class DayCutter:
    """``cut_days`` with the next local midnight remembered per day (reports cut 100k)."""

    def __init__(self, zone: tzinfo) -> None:
        self.zone = zone
        self.next_midnight: dict[date, int] = {}

    def __call__(self, start: int, end: int) -> list[tuple[int, int, date]]:
        first = local_day(start, self.zone)
        limit = self.next_midnight.get(first)
        if limit is None:
            limit = self.next_midnight[first] = midnight(first + timedelta(days=1), self.zone)
        if end <= limit:
            return [(start, end, first)]
        return cut_days(start, end, self.zone)


def cut_days(start: int, end: int, zone: tzinfo) -> list[tuple[int, int, date]]:
    """``[start, end)`` as pieces that each lie within one local day."""
    first = local_day(start, zone)
    if end <= start or local_day(end - 1, zone) == first:
        return [(start, end, first)]
    pieces: list[tuple[int, int, date]] = []
    day, lo = first, start
    while lo < end:
        nxt = day + timedelta(days=1)
        hi = min(end, midnight(nxt, zone))
        if hi > lo:
            pieces.append((lo, hi, day))
        day, lo = nxt, max(lo, hi)
    return pieces


def period_label(day: date, period: str) -> str:
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return f"{day.year}-{day.month:02d}"
    return day.isoformat()
