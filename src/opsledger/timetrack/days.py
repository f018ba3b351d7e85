"""Cutting intervals at local midnights, so a night shift counts on the days it touched.

The ledger timezone decides where a day starts; a DST change makes a day 23 or 25 hours
long, which falls out of working in absolute seconds between local midnights.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime, time, timedelta, tzinfo


def local_day(moment: int, zone: tzinfo) -> date:
    return datetime.fromtimestamp(moment, zone).date()


def midnight(day: date, zone: tzinfo) -> int:
    return int(datetime.combine(day, time(0), tzinfo=zone).timestamp())


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


class DayGrid:
    """The local midnights of every day from ``lo`` to ``hi``, for cutting by bisection.

    A report cuts 100k entries; looking each start up in a sorted list of midnights costs
    a fraction of converting it to a local date. Days are numbered by their ordinal.
    Spans of more than ``limit`` days (a typo in a year) fall back to ``cut_days``.
    """

    def __init__(self, zone: tzinfo, lo: int, hi: int, limit: int = 20_000) -> None:
        self.zone = zone
        first = local_day(lo, zone)
        days = (local_day(max(hi - 1, lo), zone) - first).days + 2
        self.first = first.toordinal()
        self.bounds = (
            [midnight(first + timedelta(days=d), zone) for d in range(days)]
            if days <= limit
            else []
        )

    def cut(self, lo: int, hi: int) -> list[tuple[int, int, int]]:
        """``[lo, hi)`` as (start, end, day ordinal) pieces within one local day each."""
        bounds = self.bounds
        p = bisect_right(bounds, lo) - 1
        if p < 0 or not bounds or hi > bounds[-1]:
            return [(a, b, d.toordinal()) for a, b, d in cut_days(lo, hi, self.zone)]
        pieces: list[tuple[int, int, int]] = []
        while lo < hi:
            nxt = bounds[p + 1]
            pieces.append((lo, min(hi, nxt), self.first + p))
            lo, p = nxt, p + 1
        return pieces
