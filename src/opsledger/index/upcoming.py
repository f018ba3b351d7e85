"""The next maintenance windows, for ``status``. The windows feature owns recurrence in
full (conflicts, exclusions, DST); this is the small version an overview needs: one-off
windows by their start, recurring ones by their rule's next occurrence."""

from __future__ import annotations

import json
import marshal
import sqlite3
from contextlib import suppress
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, NamedTuple

from opsledger.model.durations import parse_duration
from opsledger.model.timestamps import load_zone
from opsledger.store.atomic import save_cache


class Upcoming(NamedTuple):
    id: str
    title: str
    kind: str
    start: datetime
    end: datetime


def next_windows(
    conn: sqlite3.Connection, now: datetime, zone: tzinfo, count: int, saved: Path | None = None
) -> list[Upcoming]:
    """The next ``count`` windows; ``saved`` keeps recurring ones' next occurrences
    between runs (``LookAhead``)."""
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
    ahead = LookAhead(saved, str(zone))
    for record_id, title, kind, rule in rules:
        span = ahead.next(rule, now, zone)
        if span is not None:
            found.append(Upcoming(record_id, title, kind, *span))
    ahead.save()
    found.sort(key=lambda w: (w.start, w.id))
    return found[:count]


def _at(epoch: int, zone: tzinfo) -> datetime:
    return datetime.fromtimestamp(epoch, zone)


def next_spans(
    rule: dict[str, Any], now: datetime, zone: tzinfo, count: int
) -> list[tuple[datetime, datetime]]:
    """The first ``count`` occurrences still running or to come, in order: fewer only when
    the rule has no more."""
    found: list[tuple[datetime, datetime]] = []
    try:
        start = datetime.fromisoformat(str(rule["start"]))
        local = load_zone(str(rule["timezone"])) if rule.get("timezone") else zone
        start = start.astimezone(local)
        if rule.get("duration"):
            length = parse_duration(str(rule["duration"]))
        elif rule.get("end"):
            length = datetime.fromisoformat(str(rule["end"])) - start
        else:
            return []
        occurrences = _occurrences(rule, start.replace(tzinfo=None), local)
        exclude: list[str] = rule.get("exclude") or []
        excluded = {datetime.fromisoformat(x) for x in exclude}
        for begin in occurrences(now - length):
            if begin not in excluded:
                found.append((begin, begin + length))
                if len(found) == count:
                    break
    except (ValueError, TypeError, KeyError, AttributeError):
        return []  # the validator reports a broken rule; an overview skips it
    return found


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


AHEAD = 6  # occurrences kept per recurring window
_VERSION = 2  # of the file: 2 keeps wall-clock times


class LookAhead:
    """The next AHEAD occurrences of each recurring window as of some moment, kept in a
    file between runs: expanding ~350 rules costs ``status`` ~100 ms at 1,000 windows.
    An entry stays right for any later moment up to the end of its last occurrence; a rule
    that changed is another entry (the key is its text), and so is another ledger zone."""

    def __init__(self, path: Path | None, zone_name: str) -> None:
        self.path = path
        self.zone_name = zone_name
        # rule text -> (moment computed, [(end epoch, begin wall time, end wall time)])
        self.entries: dict[str, tuple[float, list[tuple[float, str, str]]]] = {}
        self.used: set[str] = set()
        self.changed = False
        if path is not None:
            with suppress(OSError, ValueError, EOFError, TypeError):
                version, saved_zone, entries = marshal.loads(path.read_bytes())
                if version == _VERSION and saved_zone == zone_name and isinstance(entries, dict):
                    self.entries = entries  # pyright: ignore[reportUnknownMemberType]

    def next(self, rule_text: str, now: datetime, zone: tzinfo) -> tuple[datetime, datetime] | None:
        rule: dict[str, Any] = json.loads(rule_text)
        moment = now.timestamp()
        self.used.add(rule_text)
        entry = self.entries.get(rule_text)
        since, spans = entry if entry is not None else (None, list[tuple[float, str, str]]())
        complete = len(spans) < AHEAD  # the rule had no more occurrences than these
        if since is None or since > moment or (not complete and spans[-1][0] <= moment):
            found = next_spans(rule, now, zone, AHEAD)
            # Wall-clock times, as the expansion made them (RFC 5545: a time in a DST gap
            # keeps its wall time), and the end's instant to compare with.
            spans = [(end.timestamp(), _wall(begin), _wall(end)) for begin, end in found]
            self.entries[rule_text] = (moment, spans)
            self.changed = True
        for end_epoch, begin, end in spans:
            if end_epoch > moment:
                local = load_zone(str(rule["timezone"])) if rule.get("timezone") else zone
                return _in_zone(begin, local), _in_zone(end, local)
        return None

    def save(self) -> None:
        """Best effort; entries of rules no longer in the ledger are dropped."""
        if self.path is None or not (self.changed or set(self.entries) - self.used):
            return
        kept = {key: value for key, value in self.entries.items() if key in self.used}
        save_cache(self.path, marshal.dumps((_VERSION, self.zone_name, kept)))


def _wall(moment: datetime) -> str:
    return moment.replace(tzinfo=None).isoformat()


def _in_zone(wall: str, zone: tzinfo) -> datetime:
    return datetime.fromisoformat(wall).replace(tzinfo=zone)
