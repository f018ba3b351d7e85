"""Cutting by a grid of midnights and settling overlaps agree with the plain definitions."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsledger.model.errors import Conflict
from opsledger.timetrack.days import DayGrid, cut_days
from opsledger.timetrack.entries import Entry
from opsledger.timetrack.overlap import Item, Overlapping, settle
from opsledger.timetrack.settling import settled
from opsledger.timetrack.table import EntryTable

# Berlin around the spring change; Kathmandu's offset is not whole hours; Havana's DST
# starts at midnight, so that day has no 00:00.
ZONES = ["Europe/Berlin", "Asia/Kathmandu", "America/Havana"]
BASE = int(datetime(2026, 3, 6, 12, 0).timestamp())


@settings(max_examples=150, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    start=st.integers(0, 40 * 86400),
    length=st.integers(1, 5 * 86400),
    limit=st.sampled_from([20_000, 1]),
)
def test_grid_cuts_like_cut_days(zone: str, start: int, length: int, limit: int) -> None:
    tz = ZoneInfo(zone)
    lo, hi = BASE + start, BASE + start + length
    grid = DayGrid(tz, BASE, BASE + 46 * 86400, limit=limit)
    expected = [(a, b, day.toordinal()) for a, b, day in cut_days(lo, hi, tz)]
    assert grid.cut(lo, hi) == expected


def test_a_span_outside_the_grid_is_cut_anyway() -> None:
    tz = ZoneInfo("Europe/Berlin")
    grid = DayGrid(tz, BASE, BASE + 86400)
    late = BASE + 10 * 86400
    assert grid.cut(late, late + 3 * 86400) == [
        (a, b, d.toordinal()) for a, b, d in cut_days(late, late + 3 * 86400, tz)
    ]


def _first(items: list[Item]) -> dict[int, int]:
    """Second by second: the first ranked of the active pieces takes it."""
    got: dict[int, int] = defaultdict(int)
    for second in range(min(i[0] for i in items), max(i[1] for i in items)):
        active = sorted((i for i in items if i[0] <= second < i[1]), key=lambda i: i[2])
        if active:
            got[active[0][3]] += 1
    return got


@settings(max_examples=150, deadline=None)
@given(
    spans=st.lists(st.tuples(st.integers(0, 50), st.integers(1, 30)), min_size=1, max_size=6),
    policy=st.sampled_from(["split", "first"]),
)
def test_settle_counts_every_second_once(spans: list[tuple[int, int]], policy: str) -> None:
    items: list[Item] = [(lo, lo + n, (lo, k), k) for k, (lo, n) in enumerate(spans)]
    out: list[tuple[object, object, int]] = []
    settle(list(items), policy, lambda r: r, out)  # type: ignore[arg-type]
    shares = {payload: seconds for _, payload, seconds in out}
    assert sorted(shares) == list(range(len(items)))
    covered = {s for lo, hi, *_ in items for s in range(lo, hi)}
    assert sum(shares.values()) == len(covered)
    if policy == "first":
        assert shares == {k: _first(items).get(k, 0) for k in shares}
    else:  # nobody gets more than their own length, and overlapping time is shared
        assert all(shares[k] <= hi - lo for lo, hi, _, k in items)


def test_error_policy_names_both_entries() -> None:
    def entry(eid: str, start: int, end: int) -> Entry:
        return Entry(
            "T-aaaaaaaa", eid, start, end, "ana", None, None, (), True, None, "", None, None
        )

    table = EntryTable.of(
        [entry("bbbbbb", BASE + 600, BASE + 4000), entry("aaaaaa", BASE, BASE + 900)]
    )
    with pytest.raises(
        Conflict, match=r"ana: entries T-aaaaaaaa/aaaaaa and T-aaaaaaaa/bbbbbb overlap by 5m"
    ):
        settled(table, range(2), ZoneInfo("UTC"), None, None, "error")
    three = EntryTable.of([*table.entries(), entry("cccccc", BASE + 100, BASE + 200)])
    with pytest.raises(Conflict, match="aaaaaa and T-aaaaaaaa/cccccc"):
        settled(three, range(3), ZoneInfo("UTC"), None, None, "error")
    with pytest.raises(Overlapping):
        settle([(0, 10, 1, "a"), (5, 20, 2, "b")], "error", lambda r: r, [])


@settings(max_examples=100, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["acme", "globex", None]),
            st.sampled_from(["ana", "bo"]),
            st.sampled_from(["T-aaaaaaaa", "T-bbbbbbbb"]),
            st.booleans(),
            st.integers(0, 20),
            st.integers(1, 10),
        ),
        max_size=8,
    ),
    terms=st.lists(
        st.sampled_from(["client:acme", "client:-", "who:bo", "task:T-aaaaaaaa", "billable:yes",
                         "billable:no", "component:prod/db", "project:OPS"]),
        max_size=3,
    ),
    since=st.sampled_from([None, 5, 12]),
    until=st.sampled_from([None, 8, 25]),
)  # fmt: skip
def test_select_takes_what_accepts_takes(
    rows: list[tuple[str | None, str, str, bool, int, int]],
    terms: list[str],
    since: int | None,
    until: int | None,
) -> None:
    from opsledger.timetrack.query import EntryFilter

    entries = [
        Entry(task, f"e{n:05d}", start, start + length, who, client, None,
              ("prod/db/pg-1",) if n % 2 else (), billable, None, "", None, None)
        for n, (client, who, task, billable, start, length) in enumerate(rows)
    ]  # fmt: skip
    flt = EntryFilter(since=since, until=until)
    for fragment in flt.add_terms(terms):
        flt.tasks.add(fragment)
    table = EntryTable.of(entries)
    assert list(flt.select(table)) == [n for n, e in enumerate(entries) if flt.accepts(e)]
