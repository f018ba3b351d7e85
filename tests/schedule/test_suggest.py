"""Free slots for the windows a check asks to move, and the shortcuts the check takes:
each is compared with the plain way (interval tree, general matcher, day-by-day spans)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from opsledger.model.components import intersects
from opsledger.schedule.conflicts import expand_all
from opsledger.schedule.detect import Detector
from opsledger.schedule.free import SlotFinder, SlotRequest, allowed_spans
from opsledger.schedule.index import OccurrenceIndex
from opsledger.schedule.nearby import SpanIndex
from opsledger.schedule.pairs import PairCache
from opsledger.schedule.refs import refs_meet
from opsledger.schedule.spec import WindowSpec
from opsledger.schedule.suggest import Suggester
from tests.schedule.helpers import ts, window

BERLIN = ZoneInfo("Europe/Berlin")
SINCE, UNTIL = ts("2026-03-20T00:00:00+01:00"), ts("2026-04-03T00:00:00+02:00")  # over DST
WITHIN = timedelta(days=5)
CAPACITIES = {"dba": 2, "sre": 1}
REFS = ["aws/eu/prod/db/pg-07", "aws/eu/prod/db/**", "*/*/prod/db/*", "aws/eu/prod/web", "**"]


@st.composite
def specs(draw: st.DrawFn, index: int) -> object:
    start = SINCE + draw(st.integers(-2, 14)) * 86400 + draw(st.integers(0, 95)) * 900
    fields: dict[str, object] = {
        "kind": draw(st.sampled_from(["maintenance", "maintenance", "freeze"])),
        "start": datetime.fromtimestamp(start, BERLIN).isoformat(),
        "duration": draw(st.sampled_from(["45m", "2h", "9h", "1d", "3d"])),
        "components": draw(st.lists(st.sampled_from(REFS), min_size=1, max_size=2, unique=True)),
    }
    rule = draw(st.sampled_from([None, "FREQ=DAILY", "FREQ=WEEKLY;BYDAY=SA,SU"]))
    if rule is not None:
        fields["recurrence"] = rule
    team = draw(st.sampled_from([None, "dba", "sre", "nobody"]))
    if team is not None:
        fields["team"] = team
        fields["engineers"] = draw(st.integers(0, 3))
    return window(f"W-{index:08d}", **fields)


@st.composite
def calendars(draw: st.DrawFn) -> list[object]:
    return [draw(specs(i)) for i in range(draw(st.integers(1, 8)))]


def plain_next_free(windows: list, moved: int, after: int) -> int | None:  # type: ignore[type-arg]
    """What the check did before: a tree over every occurrence up to the longest search."""
    index = OccurrenceIndex(windows, SINCE, UNTIL + int(WITHIN.total_seconds()))
    spec = windows[moved]
    request = SlotRequest(
        components=spec.components,
        length=spec.length,
        since=datetime.fromtimestamp(after, UTC),
        until=datetime.fromtimestamp(after, UTC) + WITHIN,
        zone=spec.zone,
        team=spec.team,
        engineers=spec.engineers,
        capacity=CAPACITIES.get(spec.team) if spec.team else None,
        ignore=frozenset({spec.id}),
    )
    found = SlotFinder(index, request).slots()
    return found[0][0] if found else None


@settings(max_examples=80, deadline=None)
@given(
    windows=calendars(),
    asks=st.lists(st.tuples(st.integers(0, 7), st.integers(0, 15 * 144)), min_size=1, max_size=6),
)
def test_suggested_slots_equal_the_tree_search(windows: list, asks: list) -> None:  # type: ignore[type-arg]
    occs = expand_all(windows, SINCE, UNTIL)
    suggester = Suggester(windows, occs, SINCE, UNTIL, CAPACITIES, WITHIN)
    # The same window asked again, earlier and later: the memo must answer as a search would.
    for moved, step in [*asks, *asks[::-1]]:
        moved, after = moved % len(windows), SINCE - 86400 + step * 600
        assert suggester.next_free(moved, after) == plain_next_free(windows, moved, after)


@settings(max_examples=60, deadline=None)
@given(windows=calendars(), queries=st.lists(st.tuples(st.integers(0, 1200), st.integers(1, 400))))
def test_span_index_answers_as_the_interval_tree(windows: list, queries: list) -> None:  # type: ignore[type-arg]
    tree = OccurrenceIndex(windows, SINCE, UNTIL)
    spans = SpanIndex(windows, expand_all(windows, SINCE, UNTIL))
    for offset, length in queries:
        start = SINCE - 86400 + offset * 1800
        end = start + length * 900
        assert spans.overlapping(start, end) == tree.overlapping(start, end)


SEGMENTS = ["aws", "eu", "prod", "db", "pg", "pg-07", "*", "**", "p?", "pg-*", "[ab]", ""]


@st.composite
def references(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.sampled_from(SEGMENTS), min_size=1, max_size=5))
    ref = draw(st.sampled_from(["", "/"])) + "/".join(parts) + draw(st.sampled_from(["", "/"]))
    return ref or "/"  # a window's references are not empty


def hour(id_: str, refs: list[str]) -> WindowSpec:
    return window(id_, start="2026-03-07T22:00:00+01:00", duration="1h", components=refs)


@settings(max_examples=400, deadline=None)
@given(a=references(), b=references())
def test_reference_shortcuts_agree_with_the_model(a: str, b: str) -> None:
    assert refs_meet(a, b) == intersects(a, b)
    pair = PairCache([hour("W-00000001", [a]), hour("W-00000002", [b])])
    assert pair.meet(0, 1) == intersects(a, b)


@settings(max_examples=40, deadline=None)
@given(
    refs_a=st.lists(references(), min_size=1, max_size=3),
    refs_b=st.lists(references(), min_size=1, max_size=3),
)
def test_windows_meet_when_any_two_references_do(refs_a: list[str], refs_b: list[str]) -> None:
    pair = PairCache([hour("W-00000001", refs_a), hour("W-00000002", refs_b)])
    assert pair.meet(0, 1) == any(intersects(a, b) for a in refs_a for b in refs_b)


@given(
    start=st.integers(ts("2026-03-25T00:00:00+01:00"), ts("2026-11-01T00:00:00+01:00")),
    days=st.integers(0, 40),
)
def test_whole_days_are_one_span(start: int, days: int) -> None:
    since = datetime.fromtimestamp(start, UTC)
    fields = {"components": ("x",), "length": timedelta(hours=1), "zone": BERLIN}
    request = SlotRequest(since=since, until=since + timedelta(days=days), **fields)  # type: ignore[arg-type]
    every_hour = SlotRequest(
        since=since,
        until=since + timedelta(days=days),
        allowed_hours=((0, 24),),
        **fields,  # type: ignore[arg-type]
    )
    assert allowed_spans(request) == allowed_spans(every_hour)


def test_repeats_are_counted_and_free_slots_stop_at_the_budget() -> None:
    patch = window(
        "W-0000000a",
        start="2026-03-21T22:00:00+01:00",
        duration="2h",
        recurrence="FREQ=WEEKLY",
        components=["aws/eu/prod/db/**"],
        team="sre",
        engineers=1,
    )
    kernel = window(
        "W-0000000b",
        priority="low",
        start="2026-03-21T23:00:00+01:00",
        duration="2h",
        recurrence="FREQ=WEEKLY",
        components=["aws/eu/prod/db/pg-07"],
        team="sre",
        engineers=1,
    )
    since, until = datetime.fromtimestamp(SINCE, UTC), datetime.fromtimestamp(UNTIL, UTC)
    detector = Detector([patch, kernel], since, until, BERLIN, CAPACITIES, suggest=1)
    [overlap] = detector.pair_issues(None)
    [capacity] = detector.capacity_issues(None)
    assert overlap.occurrences == capacity.occurrences == 2
    assert "(and 1 more times)" in overlap.message and "(and 1 more times)" in capacity.message
    assert overlap.message.endswith("next free slot 2026-03-22 00:00")
    assert overlap.next_free is not None and capacity.next_free is None  # budget spent
    assert capacity.message.endswith("move W-0000000b (low)")


def test_a_slot_found_earlier_answers_only_asks_it_does_not_precede() -> None:
    busy = window("W-0000000a", start="2026-03-21T22:00:00+01:00", duration="2h")
    moved = window("W-0000000b", start="2026-03-21T22:30:00+01:00", duration="1h")
    windows = [busy, moved]
    suggester = Suggester(windows, expand_all(windows, SINCE, UNTIL), SINCE, UNTIL, {}, WITHIN)
    midnight = ts("2026-03-22T00:00:00+01:00")
    assert suggester.next_free(1, ts("2026-03-21T22:30:00+01:00")) == midnight
    assert suggester.next_free(1, ts("2026-03-21T23:10:00+01:00")) == midnight  # memo
    later = ts("2026-03-22T00:20:00+01:00")
    assert suggester.next_free(1, later) == ts("2026-03-22T00:30:00+01:00")  # searched again
