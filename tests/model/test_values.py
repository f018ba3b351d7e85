from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fnmatch import fnmatchcase
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opsledger.model.components import covers, intersects, reference_known, resolve, sets_intersect
from opsledger.model.durations import format_duration, parse_duration
from opsledger.model.timestamps import (
    format_timestamp,
    is_date_or_timestamp,
    load_zone,
    parse_timestamp,
    parse_user_time,
)
from opsledger.model.transitions import TRANSITIONS, can_transition, reachable

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def test_durations_round_trip() -> None:
    assert parse_duration("1w2d3h4m5s") == timedelta(days=9, hours=3, minutes=4, seconds=5)
    assert parse_duration("90m") == timedelta(minutes=90)
    assert format_duration(timedelta(minutes=90)) == "1h30m"
    assert format_duration(timedelta(0)) == "0s"
    for bad in ("", "1x", "h", "1h 2m", "-1h"):
        with pytest.raises(ValueError):
            parse_duration(bad)


def test_timestamps_keep_the_writers_offset() -> None:
    moment = parse_timestamp("2026-11-20T10:15:00+01:00")
    assert moment == datetime(2026, 11, 20, 9, 15, tzinfo=UTC)
    assert format_timestamp(NOW, BERLIN) == "2026-11-21T13:00:00+01:00"
    assert format_timestamp(datetime(2026, 7, 1, 12, 0, 0, 999, tzinfo=UTC), BERLIN) == (
        "2026-07-01T14:00:00+02:00"
    )
    with pytest.raises(ValueError):
        parse_timestamp("2026-11-20 10:15")
    assert is_date_or_timestamp("2026-09-01")
    assert not is_date_or_timestamp("2026-13-01")
    assert not is_date_or_timestamp("2026-02-30T00:00:00Z")


def test_user_times() -> None:
    assert parse_user_time("now", BERLIN, NOW) == NOW
    assert parse_user_time("-2h", BERLIN, NOW) == NOW - timedelta(hours=2)
    assert parse_user_time("+3d", BERLIN, NOW) == NOW + timedelta(days=3)
    assert parse_user_time("2026-12-01", BERLIN, NOW) == datetime(2026, 12, 1, tzinfo=BERLIN)
    assert parse_user_time("2026-12-01T17:00Z", BERLIN, NOW).utcoffset() == timedelta(0)
    with pytest.raises(ValueError, match="not a time"):
        parse_user_time("tomorrowish", BERLIN, NOW)
    with pytest.raises(ValueError, match="unknown timezone"):
        load_zone("Mars/Olympus")


@pytest.mark.parametrize(
    ("ref", "path", "expected"),
    [
        ("prod/db", "prod/db/pg-07", True),
        ("prod/db", "prod/dbx", False),
        ("prod/db", "prod/db", True),
        ("**", "anything/at/all", True),
        ("*", "a", True),
        ("aws/*/prod/db", "aws/eu-west-1/prod/db/pg-07", True),
        ("aws/*/prod/db", "aws/prod/db", False),
        ("aws/**/pg-07", "aws/eu-west-1/prod/db/pg-07", True),
        ("aws/**/pg-07", "aws/eu-west-1/prod/db/pg-08", False),
        ("aws/eu-west-1/prod/db/pg-*", "aws/eu-west-1/prod/db/pg-07", True),
    ],
)
def test_component_coverage(ref: str, path: str, expected: bool) -> None:
    assert covers(ref, path) is expected


def _covers_by_search(pattern: list[str], names: list[str]) -> bool:
    """The definition, searched without shortcuts: the pattern matches the path or one of
    its ancestors; ``**`` stands for any number of segments."""
    if not pattern:
        return True
    if pattern[0] == "**":
        return any(_covers_by_search(pattern[1:], names[k:]) for k in range(len(names) + 1))
    return (
        bool(names)
        and fnmatchcase(names[0], pattern[0])
        and _covers_by_search(pattern[1:], names[1:])
    )


@given(
    st.lists(st.sampled_from(["a", "b", "*", "a*", "*b", "**"]), min_size=1, max_size=5),
    st.lists(st.sampled_from(["a", "b", "ab", "ba"]), min_size=1, max_size=6),
)
def test_component_coverage_matches_its_definition(pattern: list[str], names: list[str]) -> None:
    assert covers("/".join(pattern), "/".join(names)) is _covers_by_search(pattern, names)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("prod/db/**", "prod/db/pg-07", True),
        ("prod/**/pg-07", "prod/db", True),
        ("prod/db", "prod/web", False),
        ("*", "x/y", True),
        ("a/*/c", "a/b/d", False),
        ("a/pg-*", "a/pg-07", True),
        ("a/pg-*", "a/web-1", False),
        ("a/pg-*", "a/*-07", True),
        ("a/b", "**", True),
    ],
)
def test_component_intersection(a: str, b: str, expected: bool) -> None:
    assert intersects(a, b) is expected
    assert intersects(b, a) is expected


def test_component_resolution() -> None:
    known = ["aws/eu/prod/db/pg-07", "aws/eu/prod/web/w1", "onprem/dc1/net/sw1"]
    assert resolve("aws/**/db/**", known) == ["aws/eu/prod/db/pg-07"]
    assert reference_known("aws/eu", known)
    assert reference_known("aws/*/prod", known)
    assert not reference_known("aws/us", known)
    assert not reference_known("aws/eu/prod/dbx", known)
    assert sets_intersect(["aws/**"], ["onprem/**", "aws/eu/prod"]) == [("aws/**", "aws/eu/prod")]


def test_transition_table_and_reachability() -> None:
    assert can_transition("open", "done")
    assert not can_transition("blocked", "done")
    assert not can_transition("done", "in_progress")
    assert reachable("open", "blocked")
    assert reachable("done", "blocked")
    assert reachable("open", "open")
    assert not reachable("nonsense", "open")
    assert set(TRANSITIONS) == {"open", "assigned", "in_progress", "blocked", "done", "cancelled"}
