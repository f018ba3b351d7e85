"""The first half of a report: which seconds each entry counts for, on which local day.

Entries are clipped to ``[since, until)``, cut at local midnights and one person's
overlaps are resolved by the policy. Everything works on table rows (plain ints and
tuples): this runs once per entry of a 100k-entry report.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from datetime import tzinfo
from typing import cast

from opsledger.timetrack.days import DayGrid
from opsledger.timetrack.overlap import Item, Overlapping, Policy, Settled, conflict, settle
from opsledger.timetrack.table import EntryTable

Pieces = list[tuple[int, int, int]]
# Pieces read once, as a report does: the memo hands out its columns zipped.
PieceStream = Iterable[tuple[int, int, int]]


def settled(
    t: EntryTable,
    selected: Iterable[int],
    zone: tzinfo,
    since: int | None,
    until: int | None,
    policy: Policy,
) -> Pieces:
    """(row, day ordinal, seconds counted) of every piece of the selected rows."""
    starts, ends, who, tasks, ids = t.start, t.end, t.who, t.task, t.id
    clipped: list[tuple[int, int, int]] = []
    for i in selected:
        lo, hi = starts[i], ends[i]
        if since is not None and lo < since:
            lo = since
        if until is not None and hi > until:
            hi = until
        if hi > lo:
            clipped.append((lo, hi, i))
    if not clipped:
        return []
    grid = DayGrid(zone, min(c[0] for c in clipped), max(c[1] for c in clipped))
    bounds, first, last = grid.bounds, grid.first, len(grid.bounds) - 1
    by_person: dict[str, list[Item]] = defaultdict(list)
    for lo, hi, i in clipped:
        p = bisect_right(bounds, lo) - 1
        if 0 <= p < last and hi <= bounds[p + 1]:
            by_person[who[i]].append((lo, hi, i, first + p))
        else:  # across midnight, or a span too long for the grid
            by_person[who[i]].extend((a, b, i, day) for a, b, day in grid.cut(lo, hi))

    def rank(i: int) -> tuple[int, str, str]:
        return starts[i], tasks[i], ids[i]

    out: Settled = []
    for person, items in by_person.items():
        try:
            settle(items, policy, rank, out)
        except Overlapping as exc:
            first, second = t.entry(exc.first), t.entry(exc.second)
            raise conflict(person, first, second, exc.seconds) from None
    return cast(Pieces, out)
