"""Free slots: the next times a piece of work fits without any conflict.

A slot is free when no occurrence on intersecting components overlaps it (maintenance,
freezes and critical operations all block), when the team keeps enough people for it,
and when it lies inside the allowed hours and days of the requested timezone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Protocol

from opsledger.schedule.conflicts import Occurrence
from opsledger.schedule.expand import local, place
from opsledger.schedule.refs import refs_meet
from opsledger.schedule.spec import WindowSpec

Span = tuple[int, int]


@dataclass(frozen=True)
class SlotRequest:
    components: tuple[str, ...]
    length: timedelta
    since: datetime
    until: datetime
    zone: tzinfo
    allowed_hours: tuple[tuple[int, int], ...] = ()
    allowed_days: frozenset[int] = frozenset()
    team: str | None = None
    engineers: int = 0
    capacity: int | None = None
    count: int = 1
    step: timedelta = timedelta(minutes=15)
    ignore: frozenset[str] = field(default_factory=lambda: frozenset[str]())


class Occurrences(Protocol):
    """What the finder queries: ``index.OccurrenceIndex`` or ``nearby.SpanIndex``."""

    @property
    def windows(self) -> Sequence[WindowSpec]: ...

    def overlapping(self, start: int, end: int) -> list[Occurrence]: ...


def allowed_spans(req: SlotRequest) -> list[Span]:
    """The allowed parts of ``[since, until)`` as merged epoch spans."""
    since, until = int(req.since.timestamp()), int(req.until.timestamp())
    if not req.allowed_hours and not req.allowed_days:
        # Every day whole: the days below would merge into this one span.
        return [(since, until)] if since < until else []
    hours = req.allowed_hours or ((0, 24),)
    spans: list[Span] = []
    day = local(req.since, req.zone).replace(hour=0, minute=0, second=0) - timedelta(days=1)
    while place(day, req.zone) < until:
        if not req.allowed_days or day.weekday() in req.allowed_days:
            for lo, hi in hours:
                end_day = day + timedelta(days=1) if hi <= lo else day
                start = place(day + timedelta(hours=lo), req.zone)
                end = place(end_day + timedelta(hours=hi), req.zone)
                start, end = max(start, since), min(end, until)
                if start < end:
                    spans.append((start, end))
        day += timedelta(days=1)
    spans.sort()
    merged: list[Span] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


class SlotFinder:
    def __init__(self, index: Occurrences, req: SlotRequest) -> None:
        self.index = index
        self.req = req
        self._blocks: dict[int, bool] = {}

    def _blocks_components(self, window_index: int) -> bool:
        if window_index not in self._blocks:
            window = self.index.windows[window_index]
            self._blocks[window_index] = window.id not in self.req.ignore and any(
                refs_meet(x, y) for x in window.components for y in self.req.components
            )
        return self._blocks[window_index]

    def obstacle(self, start: int, end: int) -> int | None:
        """None when ``[start, end)`` is free, else the earliest time worth trying next."""
        req = self.req
        hits = self.index.overlapping(start, end)
        blocking = [h for h in hits if self._blocks_components(h[2])]
        if blocking:
            return max(h[1] for h in blocking)
        if req.team is None or not req.engineers or req.capacity is None:
            return None
        team = [
            h
            for h in hits
            if self.index.windows[h[2]].team == req.team
            and self.index.windows[h[2]].id not in req.ignore
        ]
        events = sorted(
            [(h[0], self.index.windows[h[2]].engineers) for h in team]
            + [(h[1], -self.index.windows[h[2]].engineers) for h in team],
            key=lambda e: (e[0], e[1]),
        )
        load = peak = 0
        for _, delta in events:
            load += delta
            peak = max(peak, load)
        if peak + req.engineers <= req.capacity:
            return None
        return min(h[1] for h in team)  # not empty: without team windows the peak is 0

    def slots(self) -> list[Span]:
        req = self.req
        length = int(req.length.total_seconds())
        step = max(60, int(req.step.total_seconds()))
        found: list[Span] = []
        if req.capacity is not None and req.engineers > req.capacity:
            return found  # the team could never staff it
        for lo, hi in allowed_spans(req):
            t = -(-lo // step) * step  # round up to the step, so slots start on the quarter hour
            while t + length <= hi and len(found) < req.count:
                blocked = self.obstacle(t, t + length)
                if blocked is None:
                    found.append((t, t + length))
                    t += length
                else:
                    t = max(t + step, -(-blocked // step) * step)
            if len(found) >= req.count:
                break
        return found
