"""Daily, weekly and n-th-weekday monthly rules expanded without dateutil.

Most windows of a fleet repeat daily, on some weekdays (cron windows become such rules
too) or on the first Saturday of the month. dateutil walks every period from DTSTART
through a general iterator, which made it two thirds of a whole-ledger window check;
these rules are plain calendar arithmetic. Anything else (intervals, month days,
positions, lower-case text) is left to dateutil, and a property test compares the two
on random rules.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

_WEEKDAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
_LIMITS = {"BYHOUR": 23, "BYMINUTE": 59, "BYSECOND": 59}
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class SimpleRule:
    freq: str  # DAILY | WEEKLY | MONTHLY
    days: frozenset[int] | None  # weekdays (Monday 0); None: every day, or DTSTART's
    nth: tuple[tuple[int, int], ...]  # MONTHLY: (weekday, n), n from the end when negative
    fields: tuple[tuple[int, ...] | None, ...]  # BYHOUR, BYMINUTE, BYSECOND (None: DTSTART's)

    def _dates(self, first: date, weekday: int) -> Iterator[date]:
        """Every date the rule may fire on, from ``first``'s day (or month) on."""
        if self.freq == "MONTHLY":
            year, month = first.year, first.month
            while True:
                yield from _nth_weekdays(year, month, self.nth)
                year, month = (year, month + 1) if month < 12 else (year + 1, 1)
        days = self.days
        if days is None and self.freq == "WEEKLY":
            days = frozenset({weekday})
        day = first
        while True:
            if days is None or day.weekday() in days:
                yield day
            day += _ONE_DAY

    def starts(
        self,
        dtstart: datetime,
        until: datetime | None,
        count: int | None,
        lo: datetime,
        hi: datetime,
    ) -> list[datetime]:
        """``rrule.between(lo, hi, inc=True)`` of this rule from naive ``dtstart``."""
        hours, minutes, seconds = (
            values or (default,)
            for values, default in zip(
                self.fields, (dtstart.hour, dtstart.minute, dtstart.second), strict=True
            )
        )
        times = sorted(time(h, m, s) for h in hours for m in minutes for s in seconds)
        end = hi if until is None else min(hi, until)
        # With a count every match from DTSTART counts; without one, days before ``lo``
        # hold nothing to return.
        first = dtstart.date() if count is not None else max(dtstart.date(), lo.date())
        out: list[datetime] = []
        seen = 0
        dates = self._dates(first, dtstart.weekday())
        while True:
            day = next(dates)
            for at in times:
                moment = datetime.combine(day, at)
                if moment < dtstart:
                    continue
                if moment > end:
                    return out
                seen += 1
                if count is not None and seen > count:
                    return out
                if moment >= lo:
                    out.append(moment)


def _nth_weekdays(year: int, month: int, nth: tuple[tuple[int, int], ...]) -> list[date]:
    opens, length = monthrange(year, month)  # weekday of the 1st, number of days
    found: set[int] = set()
    for weekday, n in nth:
        if n > 0:
            day = 1 + (weekday - opens) % 7 + (n - 1) * 7
        else:
            closes = (opens + length - 1) % 7
            day = length - (closes - weekday) % 7 + (n + 1) * 7
        if 1 <= day <= length:
            found.add(day)
    return [date(year, month, day) for day in sorted(found)]


def _numbers(text: str, limit: int) -> tuple[int, ...] | None:
    items = text.split(",")
    if not all(item.isdigit() and item.isascii() and int(item) <= limit for item in items):
        return None
    return tuple(sorted({int(item) for item in items}))


def _nth(names: list[str]) -> tuple[tuple[int, int], ...] | None:
    """``1SA`` and ``-1SU``: the n-th weekday of a month (n within 1-5 either way)."""
    out: list[tuple[int, int]] = []
    for name in names:
        number, day = name[:-2], name[-2:]
        digits = number[1:] if number.startswith("-") else number
        if day not in _WEEKDAYS or digits not in ("1", "2", "3", "4", "5"):
            return None
        out.append((_WEEKDAYS[day], int(number)))
    return tuple(out)


@lru_cache(maxsize=1024)
def simple_rule(body: str) -> SimpleRule | None:
    """The rule when ``body`` (no ``RRULE:`` prefix) is ``FREQ=DAILY`` or ``FREQ=WEEKLY``
    with at most BYDAY (plain weekdays), or ``FREQ=MONTHLY`` with BYDAY of n-th weekdays
    only, each with at most BYHOUR, BYMINUTE and BYSECOND; else None."""
    fields: dict[str, str] = {}
    for part in body.split(";"):
        key, sep, value = part.partition("=")
        if not sep or key in fields:
            return None
        fields[key] = value
    freq = fields.pop("FREQ", None)
    if freq not in ("DAILY", "WEEKLY", "MONTHLY"):
        return None
    names = fields.pop("BYDAY").split(",") if "BYDAY" in fields else None
    days: frozenset[int] | None = None
    nth: tuple[tuple[int, int], ...] = ()
    if freq == "MONTHLY":
        found = _nth(names) if names is not None else None
        if found is None:
            return None  # a month day from DTSTART, or every such weekday: dateutil's
        nth = found
    elif names is not None:
        if not all(name in _WEEKDAYS for name in names):
            return None
        days = frozenset(_WEEKDAYS[name] for name in names)
    numbers: list[tuple[int, ...] | None] = []
    for key, limit in _LIMITS.items():
        values = None
        if key in fields:
            values = _numbers(fields.pop(key), limit)
            if values is None:
                return None
        numbers.append(values)
    if fields:
        return None
    return SimpleRule(freq, days, nth, tuple(numbers))
