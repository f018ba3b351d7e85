"""The next maintenance windows, for ``status``. The windows feature owns recurrence in
full (conflicts, exclusions, DST); this is the small version an overview needs: one-off
windows by their start, recurring ones by their rule's next occurrence."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any

from opsledger.model.durations import parse_duration
from opsledger.model.timestamps import load_zone


@dataclass(frozen=True)
class Upcoming:
    id: str
    title: str
    kind: str
    start: datetime
    end: datetime


def next_windows(
    conn: sqlite3.Connection, now: datetime, zone: tzinfo, count: int
) -> list[Upcoming]:
    moment = int(now.timestamp())
    found: list[Upcoming] = []
    rows = conn.execute(
        "SELECT id, coalesce(title, ''), type, start_ts, end_ts FROM records"
        " WHERE kind = 'window' AND rule IS NULL AND end_ts > ? ORDER BY start_ts, id LIMIT ?",
        (moment, count),
    )
    for record_id, title, kind, start, end in rows:
        found.append(Upcoming(record_id, title, kind, _at(start, zone), _at(end, zone)))
    rules = conn.execute(
        "SELECT id, coalesce(title, ''), type, rule FROM records"
        " WHERE kind = 'window' AND rule IS NOT NULL ORDER BY id"
    )
    for record_id, title, kind, rule in rules:
        span = _next(json.loads(rule), now, zone)
        if span is not None:
            found.append(Upcoming(record_id, title, kind, *span))
    found.sort(key=lambda w: (w.start, w.id))
    return found[:count]


def _at(epoch: int, zone: tzinfo) -> datetime:
    return datetime.fromtimestamp(epoch, zone)


def _next(rule: dict[str, Any], now: datetime, zone: tzinfo) -> tuple[datetime, datetime] | None:
    """The first occurrence still running or to come: (start, end), or None."""
    try:
        start = datetime.fromisoformat(str(rule["start"]))
        local = load_zone(str(rule["timezone"])) if rule.get("timezone") else zone
        start = start.astimezone(local)
        if rule.get("duration"):
            length = parse_duration(str(rule["duration"]))
        elif rule.get("end"):
            length = datetime.fromisoformat(str(rule["end"])) - start
        else:
            return None
        occurrences = _occurrences(rule, start.replace(tzinfo=None), local)
        exclude: list[str] = rule.get("exclude") or []
        excluded = {datetime.fromisoformat(x) for x in exclude}
        for begin in occurrences(now - length):
            if begin not in excluded:
                return begin, begin + length
    except (ValueError, TypeError, KeyError, AttributeError):
        return None  # the validator reports a broken rule; an overview skips it
    return None


def _occurrences(rule: dict[str, Any], naive_start: datetime, local: tzinfo) -> Any:
    """A function from a moment to the occurrences starting after it, in order."""
    limit = 400  # enough for a daily rule over a year of look-ahead

    if rule.get("cron"):
        from croniter import croniter

        def cron_after(moment: datetime) -> Any:
            it = croniter(str(rule["cron"]), max(moment, naive_start.replace(tzinfo=local)))
            for _ in range(limit):
                yield it.get_next(datetime)

        return cron_after
    from dateutil.rrule import rrulestr

    parsed: Any = rrulestr(str(rule["recurrence"]), dtstart=naive_start)
    until = rule.get("until")
    if until:
        parsed = parsed.replace(
            until=datetime.fromisoformat(str(until)).astimezone(local).replace(tzinfo=None)
        )
    if rule.get("count"):
        parsed = parsed.replace(count=int(rule["count"]))

    def rule_after(moment: datetime) -> Any:
        # Wall-clock occurrences in the window's zone (RFC 5545): attach the zone afterwards.
        current = moment.astimezone(local).replace(tzinfo=None) - timedelta(seconds=1)
        for _ in range(limit):
            current = parsed.after(current)
            if current is None:
                return
            yield current.replace(tzinfo=local)

    return rule_after
