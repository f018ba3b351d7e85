"""Batch conflict detection: one sort-and-sweep over every occurrence in the horizon.

bench/bench_windows.py measured the sweep against an interval tree (query every occurrence)
and against the naive pairwise method; the sweep won, so the batch check uses it and the
tree serves the point and range queries (``at``, ``free``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import NamedTuple

from opsledger.schedule.expand import occurrences
from opsledger.schedule.refs import literal_head, refs_meet
from opsledger.schedule.spec import WindowSpec

Occurrence = tuple[int, int, int]  # start, end (epoch seconds), window index
BUCKET_DEPTH = 2  # provider/region: deep enough to split a fleet, shallow enough for globs


class Collision(NamedTuple):
    start: int
    end: int
    a: int  # window indices, a < b
    b: int
    kind: str  # overlap (maintenance × maintenance) | freeze (maintenance × freeze/critical)


def expand_all(windows: Sequence[WindowSpec], since: int, until: int) -> list[Occurrence]:
    out: list[Occurrence] = []
    for index, window in enumerate(windows):
        out.extend((s, e, index) for s, e in occurrences(window, since, until))
    out.sort()
    return out


def pair_kind(a: WindowSpec, b: WindowSpec) -> str | None:
    """Which conflict two windows would have if they met in time and on components."""
    if a.kind == "maintenance" and b.kind == "maintenance":
        return "overlap"
    if a.kind == "maintenance" or b.kind == "maintenance":
        return "freeze"
    return None  # two freezes or critical operations do not compete


def shared_components(a: WindowSpec, b: WindowSpec) -> list[tuple[str, str]]:
    return [(x, y) for x in a.components for y in b.components if refs_meet(x, y)]


class PairCache:
    """Whether two windows can conflict at all, decided once per pair."""

    def __init__(self, windows: Sequence[WindowSpec]) -> None:
        self.windows = windows
        self._memo: dict[tuple[int, int], str | None] = {}
        # Literal heads once per window: most reference pairs differ there, which settles
        # them without a call into the (memoised, but not free) matcher.
        self._heads = [tuple(literal_head(ref) for ref in w.components) for w in windows]

    def kind(self, i: int, j: int) -> str | None:
        key = (i, j) if i < j else (j, i)
        try:
            return self._memo[key]
        except KeyError:
            pass
        a, b = self.windows[key[0]], self.windows[key[1]]
        kind = pair_kind(a, b)
        if kind is not None and not self._meet(key[0], key[1]):
            kind = None
        self._memo[key] = kind
        return kind

    def _meet(self, i: int, j: int) -> bool:
        a, b = self.windows[i], self.windows[j]
        for x, head_x in zip(a.components, self._heads[i], strict=True):
            for y, head_y in zip(b.components, self._heads[j], strict=True):
                n = min(len(head_x), len(head_y))
                if head_x[:n] == head_y[:n] and refs_meet(x, y):
                    return True
        return False


def buckets(window: WindowSpec) -> frozenset[tuple[str, ...]] | None:
    """The literal heads (to ``BUCKET_DEPTH`` segments) a window's references start with;
    None for a broad window (a reference with a shorter head, such as ``*/*/prod/db`` or
    ``aws/**``) that may meet any other. Two narrow windows can only meet in a shared bucket."""
    keys: set[tuple[str, ...]] = set()
    for ref in window.components:
        head = literal_head(ref)
        if len(head) < BUCKET_DEPTH:
            return None
        keys.add(head[:BUCKET_DEPTH])
    return frozenset(keys)


def sweep(
    windows: Sequence[WindowSpec],
    occs: Sequence[Occurrence],
    relevant: Collection[int] | None = None,
) -> list[Collision]:
    """Every pair of occurrences that overlap in time and conflict, by sort-and-sweep.

    Occurrences are swept per bucket of component heads (narrow × narrow) plus once over
    everything for the broad windows, so unrelated systems are never paired. With
    ``relevant`` only pairs involving one of those windows are checked (pre-commit).
    """
    cache = PairCache(windows)
    keys = [buckets(w) for w in windows]
    broad = [k is None for k in keys]
    groups: dict[tuple[str, ...], list[Occurrence]] = {}
    for occ in occs:
        for key in keys[occ[2]] or ():
            groups.setdefault(key, []).append(occ)
    found: set[Collision] = set()
    memo: dict[tuple[int, int], str | None] = {}  # a plain dict: the hot path of the sweep

    def meet(occ: Occurrence, partners: list[Occurrence]) -> None:
        start, end, i = occ
        for _, other_end, j in partners:
            if i == j or not (relevant is None or i in relevant or j in relevant):
                continue
            pair = (i, j) if i < j else (j, i)
            kind = memo.get(pair, "")
            if kind == "":
                kind = memo[pair] = cache.kind(*pair)
            if kind is not None:
                found.add(Collision(start, min(end, other_end), pair[0], pair[1], kind))

    # Over everything, a broad window meets all occurrences and a narrow one only the
    # broad ones; the still-open occurrences are kept apart by breadth, so a narrow one
    # never scans the (long) list of everything open.
    open_all: list[Occurrence] = []
    open_broad: list[Occurrence] = []
    for occ in occs:
        start = occ[0]
        open_broad = [o for o in open_broad if o[1] > start]  # touching is not overlapping
        if broad[occ[2]]:
            open_all = [o for o in open_all if o[1] > start]
            meet(occ, open_all)
            open_broad.append(occ)
        else:
            meet(occ, open_broad)
        open_all.append(occ)
    for group in groups.values():
        active: list[Occurrence] = []
        for occ in group:
            active = [o for o in active if o[1] > occ[0]]
            meet(occ, active)
            active.append(occ)
    return sorted(found)
