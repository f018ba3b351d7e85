"""Free slots, point queries and the iCalendar export."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from opsledger.model.errors import UsageError
from opsledger.schedule.expand import occurrences
from opsledger.schedule.free import SlotFinder, SlotRequest
from opsledger.schedule.ics import export_ics
from opsledger.schedule.index import OccurrenceIndex
from opsledger.schedule.queries import active_at, upcoming
from opsledger.schedule.slotargs import parse_days, parse_hours
from tests.schedule.helpers import ts, window

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 3, 2, 0, 0, tzinfo=BERLIN)


def slots(specs: list, **options: object) -> list[str]:  # type: ignore[type-arg]
    fields: dict = {  # type: ignore[type-arg]
        "components": ("prod/db/pg-07",),
        "length": timedelta(hours=2),
        "since": MONDAY,
        "until": MONDAY + timedelta(days=7),
        "zone": BERLIN,
        **options,
    }
    request = SlotRequest(**fields)
    index = OccurrenceIndex(specs, int(MONDAY.timestamp()), int(request.until.timestamp()))
    return [
        datetime.fromtimestamp(s, BERLIN).isoformat() for s, _ in SlotFinder(index, request).slots()
    ]


def test_slots_skip_blockers_touch_them_and_respect_hours_and_days() -> None:
    nightly = window(
        start="2026-03-02T01:00:00+01:00",
        duration="2h",
        recurrence="FREQ=DAILY",
        components=["prod/db/**"],
    )
    other = window(
        "W-00000001", start="2026-03-02T03:00:00+01:00", duration="1h", components=["prod/web"]
    )
    got = slots(
        [nightly, other],
        allowed_hours=parse_hours("1-5"),
        allowed_days=parse_days("tue,thu"),
        count=3,
    )
    # 01:00-03:00 is taken every night; 03:00 touches its end; the web window does not matter
    assert got == ["2026-03-03T03:00:00+01:00", "2026-03-05T03:00:00+01:00"]


def test_slots_over_midnight_and_team_capacity() -> None:
    busy = window(
        start="2026-03-02T22:00:00+01:00",
        duration="3h",
        team="dba",
        engineers=2,
        components=["other/system"],
    )
    got = slots(
        [busy], allowed_hours=parse_hours("22-2"), team="dba", engineers=1, capacity=2, count=2
    )
    # Monday 00:00 lies in Sunday's 22-2; Monday night the team is booked until 01:00 and
    # 01:00-03:00 leaves the allowed hours; Tuesday 22:00 crosses midnight inside 22-2
    assert got == ["2026-03-02T00:00:00+01:00", "2026-03-03T22:00:00+01:00"]
    assert slots([busy], team="dba", engineers=3, capacity=2) == []


def test_slot_argument_parsing() -> None:
    assert parse_hours("22-4,13-14") == ((22, 4), (13, 14))
    assert parse_days("fri-mon") == frozenset({4, 5, 6, 0})
    for bad in ("5", "x-y", "25-3", "3-3"):
        with pytest.raises(UsageError):
            parse_hours(bad)
    with pytest.raises(UsageError):
        parse_days("funday")


def test_at_and_next() -> None:
    night = window(start="2026-03-07T23:00:00+01:00", duration="3h", recurrence="FREQ=WEEKLY")
    freeze = window(
        "W-00000001",
        kind="freeze",
        start="2026-03-20T00:00:00+01:00",
        duration="2d",
        components=["**"],
    )
    at = active_at([night, freeze], datetime(2026, 3, 15, 1, 59, tzinfo=BERLIN))
    assert [(o.window.id, o.start) for o in at] == [
        ("W-00000000", datetime(2026, 3, 14, 22, 0, tzinfo=UTC))
    ]
    assert active_at([night], datetime(2026, 3, 15, 2, 0, tzinfo=BERLIN)) == []  # end excluded
    soon = upcoming([night, freeze], datetime(2026, 3, 15, 12, 0, tzinfo=BERLIN))
    assert [o.window.id for o in soon] == ["W-00000001", "W-00000000"]
    assert [o.window.id for o in upcoming([night, freeze], MONDAY, ["web"])] == ["W-00000001"]


def _ical_starts(event: Any, zone: ZoneInfo, since: datetime, until: datetime) -> list[int]:
    """Expand an exported VEVENT from its own text: RRULE and EXDATE through dateutil, RDATE
    through icalendar (dateutil does not read a TZID on RDATE)."""
    from dateutil.rrule import rrulestr

    lines = [
        line
        for line in event.to_ical().decode().splitlines()
        if line.startswith(("DTSTART", "RRULE", "EXDATE"))
    ]
    rule = rrulestr("\n".join(lines), forceset=True, tzids={zone.key: zone})
    if "RRULE" not in event:
        rule.rdate(event["DTSTART"].dt)  # RFC 5545: DTSTART is always the first instance
    for group in (
        event.get("RDATE", [])
        if isinstance(event.get("RDATE"), list)
        else [event["RDATE"]]
        if "RDATE" in event
        else []
    ):
        for value in group.dts:
            rule.rdate(value.dt)
    return [int(d.timestamp()) for d in rule.between(since, until, inc=True)]


def test_ics_parses_and_expands_like_we_do() -> None:
    specs = [
        window(
            "W-00000001",
            title="Monthly DB patching",
            start="2026-01-03T22:00:00+01:00",
            duration="4h",
            recurrence="FREQ=MONTHLY;BYDAY=1SA",
            until="2026-12-31T00:00:00+01:00",
            exclude=["2026-04-04T22:00:00+02:00"],
        ),
        window(
            "W-00000002",
            title="Restore test",
            start="2026-01-05T00:00:00+01:00",
            duration="2h",
            cron="30 2 * * 1",
            count=30,
        ),
        window(
            "W-00000003",
            title="Odd cron",
            start="2026-01-01T00:00:00+01:00",
            duration="1h",
            cron="0 3 1,15 * 1",
        ),
        window(
            "W-00000004",
            title="Year-end freeze",
            kind="freeze",
            start="2026-12-18T18:00:00+01:00",
            end="2027-01-04T08:00:00+01:00",
            components=["**"],
        ),
    ]
    now = datetime(2026, 1, 1, tzinfo=UTC)
    calendar = Calendar.from_ical(export_ics(specs, now, "acme"))
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"W-0000000{i}@opsledger" for i in range(1, 5)}
    assert "RRULE" in events["W-00000001@opsledger"] and "EXDATE" in events["W-00000001@opsledger"]
    assert "RRULE" in events["W-00000002@opsledger"]
    assert "RDATE" in events["W-00000003@opsledger"]
    freeze = events["W-00000004@opsledger"]
    assert str(freeze["SUMMARY"]).startswith("[FREEZE]") and freeze["X-OPSLEDGER-KIND"] == "freeze"
    assert calendar.walk("VTIMEZONE")
    since, until = now, now + timedelta(days=365)
    for spec in specs:
        ours = [s for s, _ in occurrences(spec, int(since.timestamp()), int(until.timestamp()))]
        ours = [s for s in ours if s >= int(since.timestamp())]
        theirs = _ical_starts(events[f"{spec.id}@opsledger"], BERLIN, since, until)
        if spec.recurring:
            assert theirs == ours, spec.id
        assert len(ours) >= 1


def test_ts_helper_is_absolute() -> None:
    assert ts("2026-03-29T03:30:00+02:00") == ts("2026-03-29T01:30:00+00:00")
