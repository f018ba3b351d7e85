"""Expansion: RFC 5545 DST rules, midnight and month turns, until/count/exclude, cron."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsledger.schedule.cronrule import cron_as_rrule, cron_starts
from opsledger.schedule.expand import first_local_start, occurrences
from tests.schedule.helpers import iso, ts, window

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
YEAR = (ts("2026-01-01T00:00:00+00:00"), ts("2027-01-01T00:00:00+00:00"))


def starts(spec, since: str, until: str, zone=BERLIN) -> list[str]:
    return [iso(s, zone) for s, _ in occurrences(spec, ts(since), ts(until))]


def test_berlin_gap_moves_forward_and_repeat_takes_the_first() -> None:
    daily = window(start="2026-03-27T02:30:00+01:00", duration="1h", recurrence="FREQ=DAILY")
    got = starts(daily, "2026-03-28T00:00:00+01:00", "2026-03-31T00:00:00+02:00")
    # 29 March 02:30 does not exist: RFC 5545 reads it with the offset before the gap.
    assert got == [
        "2026-03-28T02:30:00+01:00",
        "2026-03-29T03:30:00+02:00",
        "2026-03-30T02:30:00+02:00",
    ]
    autumn = starts(daily, "2026-10-24T12:00:00+02:00", "2026-10-26T12:00:00+01:00")
    assert autumn == ["2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00"]


def test_new_york_gap_and_repeat() -> None:
    daily = window(
        start="2026-03-06T02:30:00-05:00",
        duration="30m",
        recurrence="FREQ=DAILY",
        timezone="America/New_York",
    )
    got = starts(daily, "2026-03-07T00:00:00-05:00", "2026-03-09T12:00:00-04:00", NEW_YORK)
    assert got == [
        "2026-03-07T02:30:00-05:00",
        "2026-03-08T03:30:00-04:00",
        "2026-03-09T02:30:00-04:00",
    ]
    repeat = window(
        start="2026-10-30T01:30:00-04:00",
        duration="1h",
        recurrence="FREQ=DAILY",
        timezone="America/New_York",
    )
    got = starts(repeat, "2026-11-01T00:00:00-04:00", "2026-11-01T12:00:00-05:00", NEW_YORK)
    assert got == ["2026-11-01T01:30:00-04:00"]  # the first 01:30, in daylight time


def test_weekly_keeps_local_time_across_dst() -> None:
    weekly = window(start="2026-10-17T22:00:00+02:00", duration="6h", recurrence="FREQ=WEEKLY")
    got = occurrences(weekly, ts("2026-10-17T00:00:00+02:00"), ts("2026-11-01T00:00:00+01:00"))
    assert [iso(s, BERLIN) for s, _ in got] == [
        "2026-10-17T22:00:00+02:00",
        "2026-10-24T22:00:00+02:00",
        "2026-10-31T22:00:00+01:00",
    ]
    # durations are elapsed time: on the night of the change 6 hours end at 03:00 winter time
    assert iso(got[1][1], BERLIN) == "2026-10-25T03:00:00+01:00"


def test_spanning_midnight_and_month_turn() -> None:
    monthly = window(
        start="2026-01-31T22:00:00+01:00", duration="4h", recurrence="FREQ=MONTHLY;BYMONTHDAY=-1"
    )
    got = occurrences(monthly, ts("2026-02-01T01:00:00+01:00"), ts("2026-03-31T00:00:00+02:00"))
    # the January occurrence still runs at 01:00 on 1 February, so it overlaps the range
    assert [(iso(s, BERLIN), iso(e, BERLIN)) for s, e in got] == [
        ("2026-01-31T22:00:00+01:00", "2026-02-01T02:00:00+01:00"),
        ("2026-02-28T22:00:00+01:00", "2026-03-01T02:00:00+01:00"),
    ]


def test_until_is_inclusive_count_and_exclude() -> None:
    weekly = window(
        start="2026-01-03T22:00:00+01:00",
        duration="1h",
        recurrence="FREQ=WEEKLY",
        until="2026-01-17T22:00:00+01:00",
        exclude=["2026-01-10T22:00:00+01:00"],
    )
    assert starts(weekly, *("2026-01-01T00:00:00+01:00", "2026-03-01T00:00:00+01:00")) == [
        "2026-01-03T22:00:00+01:00",
        "2026-01-17T22:00:00+01:00",
    ]
    counted = window(
        start="2026-01-03T22:00:00+01:00", duration="1h", recurrence="FREQ=WEEKLY", count=3
    )
    assert len(occurrences(counted, *YEAR)) == 3


def test_one_off_window_and_range_edges() -> None:
    once = window(start="2026-05-01T10:00:00+02:00", end="2026-05-01T12:00:00+02:00")
    assert occurrences(once, ts("2026-05-01T12:00:00+02:00"), YEAR[1]) == []  # only touches
    assert occurrences(once, ts("2026-05-01T11:59:59+02:00"), YEAR[1]) != []
    assert first_local_start(once) == datetime(2026, 5, 1, 10, 0)


def test_cron_window_follows_the_same_dst_rules() -> None:
    cron = window(start="2026-03-23T00:00:00+01:00", duration="1h", cron="30 2 * * *")
    got = starts(cron, "2026-03-28T00:00:00+01:00", "2026-03-30T00:00:00+02:00")
    assert got == ["2026-03-28T02:30:00+01:00", "2026-03-29T03:30:00+02:00"]
    assert first_local_start(cron) == datetime(2026, 3, 23, 2, 30)


def test_cron_that_rrule_cannot_express_uses_croniter() -> None:
    assert cron_as_rrule("0 3 1,15 * 1") is None  # day of month OR weekday
    assert cron_as_rrule("0 0 L * *") is None
    spec = window(start="2026-06-01T00:00:00+02:00", duration="1h", cron="0 3 1,15 * 1", count=4)
    got = starts(spec, "2026-06-01T00:00:00+02:00", "2026-07-01T00:00:00+02:00")
    assert got == [
        "2026-06-01T03:00:00+02:00",
        "2026-06-08T03:00:00+02:00",
        "2026-06-15T03:00:00+02:00",
        "2026-06-22T03:00:00+02:00",
    ]


CRON_FIELDS = st.tuples(
    st.sampled_from(["0", "30", "0,30", "15", "*/20"]),
    st.sampled_from(["1", "22", "5,17", "0-2", "*/6"]),
    st.sampled_from(["*", "1", "1-7", "15,28", "31"]),
    st.sampled_from(["*", "1", "3,10", "6-8"]),
    st.sampled_from(["*", "1", "1-5", "0,6", "7", "sat"]),
)


@settings(max_examples=60, deadline=None)
@given(fields=CRON_FIELDS, count=st.one_of(st.none(), st.integers(1, 30)))
def test_cron_as_rrule_matches_croniter(fields: tuple[str, ...], count: int | None) -> None:
    from dateutil.rrule import rrulestr

    expr = " ".join(fields)
    body = cron_as_rrule(expr)
    if body is None:
        return
    begin = datetime(2026, 1, 1, 0, 7)
    end = begin + timedelta(days=400)
    rule = rrulestr(body, dtstart=begin)
    if count is not None:
        rule = rule.replace(count=count)
    assert rule.between(begin, end, inc=True) == cron_starts(expr, begin, None, count, begin, end)


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York"])
def test_first_saturday_all_year(zone: str) -> None:
    spec = window(
        start="2026-01-03T22:00:00+01:00",
        duration="4h",
        recurrence="FREQ=MONTHLY;BYDAY=1SA",
        timezone=zone,
    )
    got = occurrences(spec, *YEAR)
    local = [datetime.fromtimestamp(s, ZoneInfo(zone)) for s, _ in got]
    assert len(local) == 12 and all(d.weekday() == 5 and d.day <= 7 for d in local)
    assert {(d.hour, d.minute) for d in local} == {local[0].timetuple()[3:5]}
