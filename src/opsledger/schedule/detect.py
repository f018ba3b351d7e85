"""Conflicts as issues: grouped per pair of windows, with the window to move and a free slot."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from opsledger.schedule.capacity import Overload, overloads
from opsledger.schedule.conflicts import Collision, expand_all, sweep
from opsledger.schedule.issue import Issue, span_text
from opsledger.schedule.pairs import PairCache, shared_components
from opsledger.schedule.spec import WindowSpec

if TYPE_CHECKING:
    from opsledger.schedule.suggest import Suggester

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
        self.pairs = PairCache(windows)
        self._suggester: Suggester | None = None
        # Thousands of issues each pick a mover: rank every window once.
        self._yield_keys = [yield_key(w) for w in windows]
        self._ids = [w.id for w in windows]
        self._moments: dict[int, datetime] = {}
        self._spans: dict[tuple[int, int], tuple[datetime, datetime, str]] = {}

    def next_free(self, moved_index: int, after: int) -> datetime | None:
        if self.budget <= 0:
            return None
        self.budget -= 1
        if self._suggester is None:
            from opsledger.schedule.suggest import Suggester

            self._suggester = Suggester(
                self.windows, self.occs, self.since, self.until, self.capacities, SUGGEST_WITHIN
            )
        slot = self._suggester.next_free(moved_index, after)
        return self._moment(slot) if slot is not None else None

    def _moment(self, epoch: int) -> datetime:
        found = self._moments.get(epoch)
        if found is None:
            found = self._moments[epoch] = _moment(epoch)
        return found

    def _span(self, start: int, end: int) -> tuple[datetime, datetime, str]:
        """Both ends and their text: thousands of issues share a few hundred intervals."""
        found = self._spans.get((start, end))
        if found is None:
            a, b = self._moment(start), self._moment(end)
            found = self._spans[start, end] = (a, b, span_text(a, b, self.zone))
        return found

    def _issue(
        self,
        check: str,
        head: str,
        indices: tuple[int, ...],
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
        free = self.next_free(moved_index, first[0])
        start, end, when = self._span(*first)
        more = f" (and {count - 1} more times)" if count > 1 else ""
        where = f" on {', '.join(shared)}" if shared else ""
        hint = f"; next free slot {free.astimezone(self.zone):%Y-%m-%d %H:%M}" if free else ""
        message = f"{head} {when}{more}{where}; move {moved.id} ({moved.priority}){hint}"
        ids = tuple([self._ids[i] for i in indices])
        key = ("engineers",) if check == "OL404" else ("start",)
        return Issue(check, message, path, key, ids, start, end, shared, moved.id, free, count)

    def pair_issues(self, relevant: set[int] | None) -> list[Issue]:
        # The hits come sorted, so the pairs are met in the order of their first hit.
        firsts: dict[tuple[int, int], Collision] = {}
        counts: dict[tuple[int, int], int] = {}
        for hit in sweep(self.windows, self.occs, relevant, self.pairs):
            pair = (hit.a, hit.b)
            if pair in counts:
                counts[pair] += 1
            else:
                firsts[pair], counts[pair] = hit, 1
        issues: list[Issue] = []
        for (a, b), hit in firsts.items():
            count = counts[a, b]
            wa, wb = self.windows[a], self.windows[b]
            shared = tuple(f"{x} ∩ {y}" if x != y else x for x, y in shared_components(wa, wb))
            other = wb.kind if wa.kind == "maintenance" else wa.kind
            verb = "overlaps" if hit.kind == "overlap" else f"collides with {other}"
            check = "OL402" if hit.kind == "overlap" else "OL403"
            head = f"{wa.id} {verb} {wb.id}"
            first = (hit.start, hit.end)
            issues.append(self._issue(check, head, (a, b), first, count, relevant, shared))
        return issues

    def capacity_issues(self, relevant: set[int] | None) -> list[Issue]:
        firsts: dict[tuple[str, tuple[int, ...]], Overload] = {}
        counts: dict[tuple[str, tuple[int, ...]], int] = {}
        for over in overloads(self.windows, self.occs, self.capacities, relevant):
            key = (over.team, over.windows)
            if key in counts:
                counts[key] += 1
            else:
                firsts[key], counts[key] = over, 1
        issues: list[Issue] = []
        for (team, indices), first in firsts.items():
            count = counts[team, indices]
            ids = ", ".join([self._ids[i] for i in indices])
            head = f"team {team} needs {first.load} engineers, capacity {first.capacity}: {ids}"
            span = (first.start, first.end)
            issues.append(self._issue("OL404", head, indices, span, count, relevant))
        return issues
