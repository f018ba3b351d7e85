"""Every occurrence of a conflict check, for its free-slot searches: sorted lists and
bisect instead of an interval tree.

``window check`` looks up free slots for the windows it asks to move. The interval tree
of ``index.OccurrenceIndex`` cost more to build (~130 ms on the reference corpus) than
all the searches together; these lists are built from the occurrences the check has
already expanded, in a few milliseconds.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence

from opsledger.schedule.conflicts import Occurrence
from opsledger.schedule.spec import WindowSpec

LONG = 86400  # longer occurrences (freezes) are few: they are scanned one by one


class SpanIndex:
    """``OccurrenceIndex.overlapping`` over the given occurrences (duplicates dropped, as
    the tree's set of intervals drops them)."""

    def __init__(self, windows: Sequence[WindowSpec], occs: Iterable[Occurrence]) -> None:
        self.windows = windows
        unique = sorted(set(occs))
        self._short = [occ for occ in unique if occ[1] - occ[0] <= LONG]
        self._long = [occ for occ in unique if occ[1] - occ[0] > LONG]
        self._starts = [occ[0] for occ in self._short]

    def overlapping(self, start: int, end: int) -> list[Occurrence]:
        """Occurrences overlapping ``[start, end)``; one that only touches is not returned."""
        # A short occurrence still running at ``start`` began less than LONG before it.
        lo = bisect_left(self._starts, start - LONG + 1)
        hi = bisect_left(self._starts, end)
        hits = [occ for occ in self._short[lo:hi] if occ[1] > start]
        found = [occ for occ in self._long if occ[0] < end and occ[1] > start]
        return sorted(hits + found) if found else hits
