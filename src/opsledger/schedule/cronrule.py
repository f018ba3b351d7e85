"""Cron-driven windows through croniter, iterated in naive wall-clock time.

The caller places each wall-clock start in the window's timezone (see ``expand``), so cron
windows follow the same DST rules as RRULE windows.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache

_WEEKDAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")


@lru_cache(maxsize=1024)
def cron_problem(expr: str) -> str | None:
    from croniter import croniter

    if len(expr.split()) != 5:
        return f"invalid cron {expr!r}: expected 5 fields (minute hour day month weekday)"
    if not croniter.is_valid(expr):
        return f"invalid cron {expr!r}"
    return None


def cron_starts(
    expr: str,
    dtstart: datetime,
    until: datetime | None,
    count: int | None,
    lo: datetime,
    hi: datetime,
) -> list[datetime]:
    """Matches of ``expr`` at or after ``dtstart`` within ``[lo, hi]``; ``count`` counts from
    ``dtstart`` and ``until`` is inclusive, as for an RRULE."""
    from croniter import croniter

    # Without a count the first matches need not be walked: start just before ``lo``.
    base = dtstart if count is not None else max(dtstart, lo)
    it = croniter(expr, base - timedelta(seconds=1))
    out: list[datetime] = []
    seen = 0
    while True:
        moment: datetime = it.get_next(datetime)
        seen += 1
        if moment > hi or (until is not None and moment > until):
            return out
        if count is not None and seen > count:
            return out
        if moment >= lo:
            out.append(moment)


@lru_cache(maxsize=4096)
def cron_as_rrule(expr: str) -> str | None:
    """The same schedule as an RRULE body, or None when RRULE cannot say it (a cron that
    restricts both day of month and weekday means *either*, which RRULE cannot express)."""
    from croniter import croniter

    try:
        minutes, hours, days, months, weekdays = croniter(expr).expanded[:5]
    except (ValueError, TypeError):
        return None
    if days != ["*"] and weekdays != ["*"]:
        return None
    if hours == ["*"] or minutes == ["*"]:
        return None  # every hour or every minute: not a window anyone means
    fields = (minutes, hours, days, months, weekdays)
    if any(not isinstance(v, int) for field in fields for v in field if v != "*"):
        return None  # L, W, # and friends: leave them to croniter
    parts = ["FREQ=DAILY"]
    if months != ["*"]:
        parts.append("BYMONTH=" + ",".join(str(m) for m in months))
    if days != ["*"]:
        parts.append("BYMONTHDAY=" + ",".join(str(d) for d in days))
    if weekdays != ["*"]:
        names = sorted({int(d) % 7 for d in weekdays})
        parts.append("BYDAY=" + ",".join(_WEEKDAYS[d] for d in names))
    parts.append("BYHOUR=" + ",".join(str(h) for h in hours))
    parts.append("BYMINUTE=" + ",".join(str(m) for m in minutes))
    parts.append("BYSECOND=0")
    return ";".join(parts)
