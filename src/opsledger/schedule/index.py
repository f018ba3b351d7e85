"""Point and range queries over occurrences: an interval tree (intervaltree)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from opsledger.schedule.conflicts import Occurrence
from opsledger.schedule.expand import occurrences
from opsledger.schedule.spec import WindowSpec


class OccurrenceIndex:
    """Every occurrence of ``windows`` overlapping ``[since, until)`` (epoch seconds)."""

    def __init__(self, windows: Sequence[WindowSpec], since: int, until: int) -> None:
        from intervaltree import (  # pyright: ignore[reportMissingTypeStubs]
            Interval,
            IntervalTree,
        )

        self.windows = windows
        self.since = since
        self.until = until
        self._tree: Any = IntervalTree(
            Interval(s, e, i)
            for i, w in enumerate(windows)
            for s, e in occurrences(w, since, until)
        )

    @staticmethod
    def _rows(hits: Any) -> list[Occurrence]:
        return sorted((int(h.begin), int(h.end), int(h.data)) for h in hits)

    def at(self, moment: int) -> list[Occurrence]:
        """Occurrences with start <= moment < end."""
        return self._rows(self._tree.at(moment))

    def overlapping(self, start: int, end: int) -> list[Occurrence]:
        """Occurrences overlapping ``[start, end)``; one that only touches is not returned."""
        return self._rows(self._tree.overlap(start, end))

    def __len__(self) -> int:
        return len(self._tree)
