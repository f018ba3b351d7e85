"""What is happening at a moment, and what comes next."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from opsledger.schedule.expand import occurrences
from opsledger.schedule.index import OccurrenceIndex
from opsledger.schedule.refs import refs_meet
from opsledger.schedule.spec import WindowSpec


@dataclass(frozen=True)
class Occ:
    window: WindowSpec
    start: datetime
    end: datetime


def _occ(window: WindowSpec, start: int, end: int) -> Occ:
    return Occ(window, datetime.fromtimestamp(start, UTC), datetime.fromtimestamp(end, UTC))


def touches(window: WindowSpec, components: Sequence[str]) -> bool:
    return not components or any(refs_meet(x, y) for x in window.components for y in components)


def active_at(
    windows: Sequence[WindowSpec], moment: datetime, components: Sequence[str] = ()
) -> list[Occ]:
    """Occurrences with start <= moment < end (an interval-tree point query)."""
    epoch = int(moment.timestamp())
    chosen = [w for w in windows if touches(w, components)]
    index = OccurrenceIndex(chosen, epoch, epoch + 1)
    return [_occ(chosen[i], s, e) for s, e, i in index.at(epoch)]


def upcoming(
    windows: Sequence[WindowSpec],
    after: datetime,
    components: Sequence[str] = (),
    *,
    within: timedelta = timedelta(days=365),
    limit: int = 10,
) -> list[Occ]:
    """The next occurrence of each window starting after ``after``, soonest first."""
    lo = int(after.timestamp())
    hi = int((after + within).timestamp())
    found: list[Occ] = []
    for window in windows:
        if not touches(window, components):
            continue
        spans = [s for s in occurrences(window, lo, hi) if s[0] > lo]
        if spans:
            found.append(_occ(window, *spans[0]))
    found.sort(key=lambda o: (o.start, o.window.id))
    return found[:limit]
