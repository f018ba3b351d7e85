"""Conflicts as issues: grouped per pair of windows, with the window to move and a free slot."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta, tzinfo

from opsledger.schedule.capacity import Overload, overloads
from opsledger.schedule.conflicts import Collision, expand_all, shared_components, sweep
from opsledger.schedule.index import OccurrenceIndex
from opsledger.schedule.issue import Issue, span_text
from opsledger.schedule.spec import WindowSpec

SUGGEST_WITHIN = timedelta(days=60)
SUGGEST_LIMIT = 25  # free slots are looked up for the earliest findings only


def _moment(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def yield_key(window: WindowSpec) -> tuple[bool, int, str]:
    """Who yields: maintenance before freezes, then the lower priority, then the larger id."""
    return (window.kind == "maintenance", -window.rank, window.id)


class Detector:
    def __init__(
        self,
        windows: Sequence[WindowSpec],
        since: datetime,
        until: datetime,
        zone: tzinfo,
        capacities: Mapping[str, int],
        suggest: int = SUGGEST_LIMIT,
    ) -> None:
        self.windows = windows
        self.since, self.until = int(since.timestamp()), int(until.timestamp())
        self.zone = zone
        self.capacities = capacities
        self.budget = suggest
        self.occs = expand_all(windows, self.since, self.until)
        self._index: OccurrenceIndex | None = None
        # Thousands of issues each pick a mover: rank every window once.
        self._yield_keys = [yield_key(w) for w in windows]

    def next_free(self, moved: WindowSpec, after: int) -> datetime | None:
        from opsledger.schedule.free import SlotFinder, SlotRequest

        if self.budget <= 0:
            return None
        self.budget -= 1
        if self._index is None:
            horizon = self.until + int(SUGGEST_WITHIN.total_seconds())
            self._index = OccurrenceIndex(self.windows, self.since, horizon)
        request = SlotRequest(
            components=moved.components,
            length=moved.length,
            since=_moment(after),
            until=_moment(after) + SUGGEST_WITHIN,
            zone=moved.zone,
            team=moved.team,
            engineers=moved.engineers,
            capacity=self.capacities.get(moved.team) if moved.team else None,
            ignore=frozenset({moved.id}),
        )
        slots = SlotFinder(self._index, request).slots()
        return _moment(slots[0][0]) if slots else None

    def _issue(
        self,
        check: str,
        head: str,
        indices: Sequence[int],
        first: tuple[int, int],
        count: int,
        relevant: set[int] | None,
        shared: tuple[str, ...] = (),
    ) -> Issue:
        moved_index = max(indices, key=self._yield_keys.__getitem__)
        moved = self.windows[moved_index]
        path = moved.relpath
        if relevant is not None and moved_index not in relevant:
            path = next(self.windows[i].relpath for i in indices if i in relevant)
        free = self.next_free(moved, first[0])
        start, end = _moment(first[0]), _moment(first[1])
        when = span_text(start, end, self.zone)
        more = f" (and {count - 1} more times)" if count > 1 else ""
        where = f" on {', '.join(shared)}" if shared else ""
        hint = f"; next free slot {free.astimezone(self.zone):%Y-%m-%d %H:%M}" if free else ""
        message = f"{head} {when}{more}{where}; move {moved.id} ({moved.priority}){hint}"
        ids = tuple(self.windows[i].id for i in indices)
        key = ("engineers",) if check == "OL404" else ("start",)
        return Issue(
            check,
            message,
            path,
            key,
            ids,
            start,
            end,
            shared,
            moved.id,
            free,
            count,
        )

    def pair_issues(self, relevant: set[int] | None) -> list[Issue]:
        groups: dict[tuple[str, int, int], list[Collision]] = {}
        for hit in sweep(self.windows, self.occs, relevant):
            groups.setdefault((hit.kind, hit.a, hit.b), []).append(hit)
        issues: list[Issue] = []
        for (kind, a, b), hits in sorted(groups.items(), key=lambda g: g[1][0]):
            wa, wb = self.windows[a], self.windows[b]
            shared = tuple(f"{x} ∩ {y}" if x != y else x for x, y in shared_components(wa, wb))
            other = wb.kind if wa.kind == "maintenance" else wa.kind
            verb = "overlaps" if kind == "overlap" else f"collides with {other}"
            check = "OL402" if kind == "overlap" else "OL403"
            first = (hits[0].start, hits[0].end)
            head = f"{wa.id} {verb} {wb.id}"
            issues.append(self._issue(check, head, (a, b), first, len(hits), relevant, shared))
        return issues

    def capacity_issues(self, relevant: set[int] | None) -> list[Issue]:
        found: dict[tuple[str, tuple[int, ...]], list[Overload]] = {}
        for over in overloads(self.windows, self.occs, self.capacities, relevant):
            found.setdefault((over.team, over.windows), []).append(over)
        issues: list[Issue] = []
        for (team, indices), items in found.items():
            first = items[0]
            ids = ", ".join(self.windows[i].id for i in indices)
            head = f"team {team} needs {first.load} engineers, capacity {first.capacity}: {ids}"
            span = (first.start, first.end)
            issues.append(self._issue("OL404", head, indices, span, len(items), relevant))
        return issues
