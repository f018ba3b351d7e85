"""Conflict detection: the sweep equals the brute-force pairwise reference."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from opsledger.model.components import intersects
from opsledger.schedule.capacity import overloads, team_capacities
from opsledger.schedule.conflicts import expand_all, sweep
from opsledger.schedule.detect import Detector
from opsledger.schedule.naive import naive_collisions
from opsledger.schedule.refs import KnownComponents, refs_meet
from tests.schedule.helpers import ts, window

BERLIN = ZoneInfo("Europe/Berlin")
SINCE, UNTIL = ts("2026-03-01T00:00:00+01:00"), ts("2026-05-01T00:00:00+02:00")
REFS = [
    "aws/eu/prod/db",
    "aws/eu/prod/db/pg-07",
    "aws/eu/prod/db/pg-08",
    "aws/eu/prod/web/**",
    "aws/*/prod/db/*",
    "aws/us/prod/db/pg-01",
    "*/*/prod/web",
    "aws/**",
    "gcp/eu/prod/db/**",
    "**/pg-07",
    "aws/eu/staging/db",
    "gcp/**/web",
    "*/*/prod/db/*",
    "*/*/staging/db/*",
    "aws/**/prod/db",
    "*/eu/prod/web/**",
    "aws/eu/prod/db/**",
    "aws/eu/prod",
    "aws/eu/*/db/pg-07",
    "*/*/pr*/db/*",
]
RULES = [None, "FREQ=DAILY", "FREQ=WEEKLY;BYDAY=SA,SU", "FREQ=MONTHLY;BYDAY=-1SU", "cron"]


@st.composite
def windows(draw: st.DrawFn, index: int) -> object:
    day = draw(st.integers(0, 60))
    hour = draw(st.sampled_from([0, 1, 2, 3, 21, 22, 23]))
    minute = draw(st.sampled_from([0, 30]))
    start = datetime.fromtimestamp(SINCE, BERLIN).replace(hour=hour, minute=minute)
    start = start.fromtimestamp(start.timestamp() + day * 86400, BERLIN)
    start = start.replace(hour=hour, minute=minute)
    rule = draw(st.sampled_from(RULES))
    fields: dict[str, object] = {
        "kind": draw(st.sampled_from(["maintenance"] * 4 + ["freeze", "critical"])),
        "priority": draw(st.sampled_from(["low", "medium", "high", "critical"])),
        "start": start.isoformat(),
        "duration": draw(st.sampled_from(["30m", "1h", "2h", "4h", "1d"])),
        "components": draw(st.lists(st.sampled_from(REFS), min_size=1, max_size=3, unique=True)),
    }
    if rule == "cron":
        fields["cron"] = f"{minute} {hour} * * {draw(st.sampled_from(['6', '1-5', '*']))}"
    elif rule is not None:
        fields["recurrence"] = rule
    if rule is not None and draw(st.booleans()):
        fields["count"] = draw(st.integers(1, 20))
    return window(f"W-{index:08d}", **fields)


@st.composite
def window_sets(draw: st.DrawFn) -> list[object]:
    count = draw(st.integers(2, 14))
    return [draw(windows(i)) for i in range(count)]


@settings(max_examples=120, deadline=None)
@given(specs=window_sets())
def test_sweep_equals_brute_force(specs: list) -> None:  # type: ignore[type-arg]
    occs = expand_all(specs, SINCE, UNTIL)
    assert sweep(specs, occs) == naive_collisions(specs, SINCE, UNTIL)


@settings(max_examples=60, deadline=None)
@given(specs=window_sets(), pick=st.integers(0, 13))
def test_fast_path_finds_every_conflict_of_a_changed_window(specs: list, pick: int) -> None:  # type: ignore[type-arg]
    target = pick % len(specs)
    occs = expand_all(specs, SINCE, UNTIL)
    expected = [c for c in naive_collisions(specs, SINCE, UNTIL) if target in (c.a, c.b)]
    assert sweep(specs, occs, {target}) == expected


@given(a=st.sampled_from(REFS), b=st.sampled_from(REFS))
def test_fast_reference_tests_agree_with_the_model(a: str, b: str) -> None:
    assert refs_meet(a, b) == intersects(a, b)
    from opsledger.model.components import reference_known

    known = ["aws/eu/prod/db/pg-07", "aws/us/prod/web/w-1", "gcp/eu/prod/db/x", "odd//db"]
    assert KnownComponents(known)(a) == reference_known(a, known)
    for plain in ("odd//db", "odd/db", "odd", "/odd//", "aws/eu", "aws/e"):
        assert KnownComponents(known)(plain) == reference_known(plain, known), plain


_NAMES = ["aws", "eu", "prod", "db", "pg-07", "pg-08", "web"]


@given(
    known=st.lists(
        st.lists(st.sampled_from(_NAMES), min_size=1, max_size=5).map("/".join), max_size=8
    ),
    ref=st.lists(
        st.sampled_from([*_NAMES, "*", "**", "pg-*", "?b", "*-07", "e?"]), min_size=1, max_size=6
    ).map("/".join),
)
def test_known_globs_agree_with_the_model(known: list[str], ref: str) -> None:
    from opsledger.model.components import reference_known

    assert KnownComponents(known)(ref) == reference_known(ref, known)


def test_nothing_is_known_without_components() -> None:
    assert not KnownComponents([])("**")


def test_touching_windows_do_not_conflict_and_freezes_do() -> None:
    first = window("W-00000001", start="2026-03-07T22:00:00+01:00", duration="2h")
    second = window("W-00000002", start="2026-03-08T00:00:00+01:00", duration="2h")
    freeze = window(
        "W-00000003",
        kind="freeze",
        start="2026-03-08T01:00:00+01:00",
        duration="1d",
        components=["prod/**"],
    )
    specs = [first, second, freeze]
    hits = sweep(specs, expand_all(specs, SINCE, UNTIL))
    assert [(h.a, h.b, h.kind) for h in hits] == [(1, 2, "freeze")]


def test_detector_names_both_windows_the_interval_and_the_slot() -> None:
    weekly = window(
        "W-0000000a",
        title="Weekly patching",
        priority="high",
        start="2026-03-07T22:00:00+01:00",
        duration="2h",
        recurrence="FREQ=WEEKLY",
        components=["aws/eu/prod/db/**"],
    )
    kernel = window(
        "W-0000000b",
        priority="low",
        start="2026-03-14T23:00:00+01:00",
        duration="2h",
        components=["aws/eu/prod/db/pg-07"],
    )
    detector = Detector([weekly, kernel], _dt(SINCE), _dt(UNTIL), BERLIN, {})
    [issue] = detector.pair_issues(None)
    assert issue.check == "OL402" and issue.windows == ("W-0000000a", "W-0000000b")
    assert issue.move == "W-0000000b" and issue.relpath == "windows/W-0000000b.yaml"
    assert issue.start == _dt(ts("2026-03-14T23:00:00+01:00"))
    assert issue.end == _dt(ts("2026-03-15T00:00:00+01:00"))
    assert issue.shared == ("aws/eu/prod/db/** ∩ aws/eu/prod/db/pg-07",)
    assert issue.next_free == _dt(ts("2026-03-15T00:00:00+01:00"))  # right after the weekly one
    assert "2026-03-14 23:00–00:00" not in issue.message
    assert "2026-03-14 23:00 – 2026-03-15 00:00 +01:00" in issue.message


def test_capacity_from_people_and_member_count() -> None:
    people = {
        "people": {"a": {"teams": ["dba"]}, "b": {"teams": ["dba", "sre"]}},
        "teams": {"sre": {"capacity": 3}},
    }
    assert team_capacities(people) == {"dba": 2, "sre": 3}
    one = window(
        "W-00000001",
        start="2026-03-07T22:00:00+01:00",
        duration="2h",
        team="dba",
        engineers=1,
        components=["a"],
    )
    two = window(
        "W-00000002",
        start="2026-03-07T23:00:00+01:00",
        duration="2h",
        team="dba",
        engineers=2,
        components=["b"],
    )
    later = window(
        "W-00000003",
        start="2026-03-08T00:00:00+01:00",
        duration="1h",
        team="dba",
        engineers=1,
        components=["c"],
    )
    specs = [one, two, later]
    first, second = overloads(specs, expand_all(specs, SINCE, UNTIL), team_capacities(people))
    assert (first.team, first.windows, first.load, first.capacity) == ("dba", (0, 1), 3, 2)
    assert (first.start, first.end) == (
        ts("2026-03-07T23:00:00+01:00"),
        ts("2026-03-08T00:00:00+01:00"),
    )
    # the first window ends exactly when the third starts: only the second overlaps it
    assert (second.windows, second.load) == ((1, 2), 3)


def _dt(epoch: int) -> datetime:
    from datetime import UTC

    return datetime.fromtimestamp(epoch, UTC)
