"""Occurrences of a window: RFC 5545 RRULE via python-dateutil, cron via ``cronrule``.

Rules are expanded in wall-clock time of the window's own timezone and each local time
is then placed with ``fold=0``: a time in a DST gap takes the offset before the gap (so
02:30 becomes 03:30 summer time) and a repeated hour takes its first instance, which is
what RFC 5545 section 3.3.5 prescribes.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING

from opsledger.schedule.simplerule import simple_rule
from opsledger.schedule.spec import WindowSpec

if TYPE_CHECKING:
    from dateutil.rrule import rrule

Span = tuple[int, int]  # epoch seconds [start, end)
_MARGIN = timedelta(days=2)  # wider than any UTC offset change


def rule_body(text: str) -> str:
    body = text.strip()
    return body[len("RRULE:") :] if body.upper().startswith("RRULE:") else body


@lru_cache(maxsize=1024)
def rrule_problem(body: str) -> str | None:
    """Why an RRULE body is unusable, or None (a fleet shares few bodies: asked once each)."""
    from dateutil.rrule import rrulestr

    upper = body.upper()
    if "DTSTART" in upper or "\n" in body:
        return "recurrence is one RRULE body; DTSTART is the window's start"
    if "UNTIL=" in upper:
        return "put UNTIL in the window's until field, not in the recurrence"
    if "COUNT=" in upper:
        return "put COUNT in the window's count field, not in the recurrence"
    try:
        rrulestr(rule_body(body), dtstart=datetime(2026, 1, 1))
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        return f"invalid RRULE {body!r}: {exc}"
    return None


def local(moment: datetime, zone: tzinfo) -> datetime:
    return moment.astimezone(zone).replace(tzinfo=None)


def place(naive: datetime, zone: tzinfo) -> int:
    """Epoch seconds of a wall-clock time (fold=0: RFC 5545 gap and repeat rules)."""
    return int(naive.replace(tzinfo=zone, fold=0).timestamp())


@lru_cache(maxsize=1024)
def _body_rule(body: str) -> rrule:
    from dateutil.rrule import rrulestr

    # Any start will do: ``replace`` re-derives what the body leaves to DTSTART.
    return rrulestr(rule_body(body), dtstart=datetime(2000, 1, 1))  # pyright: ignore[reportReturnType]


@lru_cache(maxsize=8192)
def _compiled(body: str, dtstart: datetime, until: datetime | None, count: int | None) -> rrule:
    """The rule of one window; a fleet shares few bodies, so the text is parsed once each."""
    return _body_rule(body).replace(dtstart=dtstart, until=until, count=count)


def local_starts(spec: WindowSpec, lo: datetime, hi: datetime) -> list[datetime]:
    """Wall-clock starts between naive ``lo`` and ``hi`` (both inclusive), before exclusion."""
    dtstart = local(spec.start, spec.zone)
    until = local(spec.until, spec.zone) if spec.until is not None else None
    body = spec.recurrence
    if spec.cron is not None:
        from opsledger.schedule.cronrule import cron_as_rrule, cron_starts

        # croniter's own iteration costs ~0.3 ms per match here; the RRULE that croniter's
        # parsed fields spell out gives the same starts (a property test compares them).
        body = cron_as_rrule(spec.cron)
        if body is None:
            return cron_starts(spec.cron, dtstart, until, spec.count, lo, hi)
    if body is None:
        return [dtstart] if lo <= dtstart <= hi else []
    simple = simple_rule(rule_body(body))
    if simple is not None and not dtstart.microsecond:  # dateutil drops microseconds
        return simple.starts(dtstart, until, spec.count, lo, hi)
    rule = _compiled(body, dtstart, until, spec.count)
    return rule.between(lo, hi, inc=True)


def occurrences(spec: WindowSpec, since: int, until: int) -> list[Span]:
    """Occurrences overlapping ``[since, until)`` (epoch seconds), sorted, exclusions removed."""
    seconds = int(spec.length.total_seconds())
    if spec.recurrence is None and spec.cron is None:
        start = int(spec.start.timestamp())
        return [(start, start + seconds)] if start < until and start + seconds > since else []
    zone = spec.zone
    lo = local(datetime.fromtimestamp(since - seconds, zone), zone) - _MARGIN
    hi = local(datetime.fromtimestamp(until, zone), zone) + _MARGIN
    out: list[Span] = []
    for naive in local_starts(spec, lo, hi):
        start = place(naive, zone)
        if start < until and start + seconds > since and start not in spec.exclude:
            out.append((start, start + seconds))
    return out


def first_local_start(spec: WindowSpec) -> datetime | None:
    """The first wall-clock start (DTSTART itself only when the rule matches it, as dateutil
    and most calendar programs expand it)."""
    dtstart = local(spec.start, spec.zone)
    if spec.recurrence is None and spec.cron is None:
        return dtstart
    until = local(spec.until, spec.zone) if spec.until is not None else None
    if spec.cron is not None:
        from opsledger.schedule.cronrule import cron_starts

        found = cron_starts(spec.cron, dtstart, until, 1, dtstart, dtstart + timedelta(days=3660))
        return found[0] if found else None
    assert spec.recurrence is not None
    found_rule: datetime | None = _compiled(spec.recurrence, dtstart, until, spec.count).after(
        dtstart, inc=True
    )
    return found_rule
