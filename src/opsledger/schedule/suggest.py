"""The next free slot for each window a conflict check asks to move.

The searches share one ``nearby.SpanIndex`` over the occurrences the check expanded.
A search that looks past the check's horizon (rare: most free slots lie close after
the conflict) first has every window expanded up to the end of the longest search.
Searches for the same window are memoised: the finder returns the first free quarter
hour at or after ``after`` (every candidate it skips is blocked), so a slot found from
an earlier ``after`` also answers a later one that it does not precede.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

from opsledger.schedule.conflicts import Occurrence
from opsledger.schedule.expand import occurrences
from opsledger.schedule.free import SlotFinder, SlotRequest
from opsledger.schedule.nearby import SpanIndex
from opsledger.schedule.spec import WindowSpec


def _moment(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


class Suggester:
    def __init__(
        self,
        windows: Sequence[WindowSpec],
        occs: Sequence[Occurrence],
        since: int,
        until: int,
        capacities: Mapping[str, int],
        within: timedelta,
    ) -> None:
        """``occs``: the check's occurrences, those overlapping ``[since, until)``."""
        self.windows = windows
        self.since, self.until = since, until
        self.capacities = capacities
        self.within = within
        self.index = SpanIndex(windows, occs)
        self._far = False  # whether the index reaches ``within`` past ``until``
        self._found: dict[int, list[tuple[int, int | None]]] = {}

    def _reach(self, end: int) -> None:
        """Make the index hold every occurrence that overlaps ``[since, end)``, as an
        ``index.OccurrenceIndex`` over ``[since, until + within)`` would."""
        if end <= self.until or self._far:
            return  # an occurrence starting before ``until`` is among the check's own
        self._far = True
        horizon = self.until + int(self.within.total_seconds())
        self.index = SpanIndex(
            self.windows,
            (
                (s, e, i)
                for i, window in enumerate(self.windows)
                for s, e in occurrences(window, self.since, horizon)
            ),
        )

    def next_free(self, moved_index: int, after: int) -> int | None:
        """The start of the first free slot for window ``moved_index`` from ``after``."""
        moved = self.windows[moved_index]
        request = SlotRequest(
            components=moved.components,
            length=moved.length,
            since=_moment(after),
            until=_moment(after) + self.within,
            zone=moved.zone,
            team=moved.team,
            engineers=moved.engineers,
            capacity=self.capacities.get(moved.team) if moved.team else None,
            ignore=frozenset({moved.id}),
        )
        step = max(60, int(request.step.total_seconds()))
        earliest = -(-after // step) * step  # the finder's first candidate
        earlier = self._found.setdefault(moved_index, [])
        for before, slot in earlier:
            if before == after or (before < after and slot is not None and slot >= earliest):
                return slot
        self._reach(after + int(self.within.total_seconds()))
        slots = SlotFinder(self.index, request).slots()
        slot = slots[0][0] if slots else None
        earlier.append((after, slot))
        return slot
