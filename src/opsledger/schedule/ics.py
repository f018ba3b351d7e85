"""iCalendar export (RFC 5545) through the icalendar library.

A recurring window is one VEVENT with an RRULE and EXDATEs, never an expanded list; a
cron window gets the RRULE that means the same, or RDATEs for the year ahead when RRULE
cannot say it. Freezes and critical operations are marked in the summary and categories.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from opsledger.schedule.expand import first_local_start, local, local_starts, rule_body
from opsledger.schedule.spec import WindowSpec

_MARK = {"freeze": "[FREEZE] ", "critical": "[CRITICAL] ", "maintenance": ""}


def _rrule(window: WindowSpec) -> str | None:
    if window.recurrence is not None:
        body = rule_body(window.recurrence)
    elif window.cron is not None:
        from opsledger.schedule.cronrule import cron_as_rrule

        converted = cron_as_rrule(window.cron)
        if converted is None:
            return None
        body = converted
    else:
        return None
    if window.until is not None:
        body += f";UNTIL={window.until.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    if window.count is not None:
        body += f";COUNT={window.count}"
    return body


def _event(window: WindowSpec, stamp: datetime, horizon: datetime) -> object | None:
    from icalendar import Event as EventClass
    from icalendar import vRecur

    first = first_local_start(window)
    if first is None:
        return None
    event: Any = EventClass()
    event.add("uid", f"{window.id}@opsledger")
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("summary", _MARK[window.kind] + window.title)
    event.add("dtstart", first.replace(tzinfo=window.zone))
    event.add("duration", window.length)
    event.add("categories", [window.kind.upper(), *(["FREEZE"] if window.kind == "freeze" else [])])
    event.add("x-opsledger-kind", window.kind)
    event.add("transp", "OPAQUE")
    lines = [f"Components: {', '.join(window.components)}"]
    if window.team:
        lines.append(f"Team: {window.team} ({window.engineers} engineers)")
    if window.data.get("owner"):
        lines.append(f"Owner: {window.data['owner']}")
    if isinstance(window.data.get("description"), str):
        lines += ["", str(window.data["description"]).rstrip()]
    event.add("description", "\n".join(lines))
    rule = _rrule(window)
    if rule is not None:
        event.add("rrule", vRecur.from_ical(rule))
    elif window.recurring:
        end = local(horizon, window.zone)
        rdates = local_starts(window, first, end)[1:]
        if rdates:
            event.add("rdate", [d.replace(tzinfo=window.zone) for d in rdates])
    if window.exclude and window.recurring:
        excluded = sorted(datetime.fromtimestamp(e, window.zone) for e in window.exclude)
        event.add("exdate", excluded)
    return event


def export_ics(windows: Sequence[WindowSpec], now: datetime, name: str) -> bytes:
    from icalendar import Calendar as CalendarClass

    calendar: Any = CalendarClass()
    calendar.add("prodid", "-//opsledger//maintenance windows//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    horizon = now + timedelta(days=366)
    for window in windows:
        event = _event(window, now, horizon)
        if event is not None:
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
