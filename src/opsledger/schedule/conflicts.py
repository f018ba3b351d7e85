"""Batch conflict detection: one sort-and-sweep over every occurrence in the horizon.

bench/bench_windows.py measured the sweep against an interval tree (query every occurrence)
and against the naive pairwise method; the sweep won, so the batch check uses it and the
tree serves the point and range queries (``at``, ``free``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import NamedTuple

from opsledger.model.components import is_glob
from opsledger.schedule.expand import occurrences
from opsledger.schedule.refs import literal_head, refs_meet, segments_meet, simple_segments
from opsledger.schedule.spec import WindowSpec

Occurrence = tuple[int, int, int]  # start, end (epoch seconds), window index
BUCKET_DEPTH = 2  # provider/region: deep enough to split a fleet, shallow enough for globs
SERVICE_DEPTH = slice(2, 4)  # env/service: what a fleet-wide glob (*/*/prod/db/*) names


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


def _subtree(ref: str) -> bool:
    """A plain reference or a literal one ending in ``/**``: it covers one subtree, so it
    meets another such reference exactly when one literal head is a prefix of the other
    (what ``intersects`` answers for them)."""
    head = literal_head(ref)
    text = "/".join(head)
    return ref.strip("/") == (f"{text}/**" if head else "**") or (
        bool(head) and ref.strip("/") == text
    )


def _simple(refs: Sequence[str]) -> tuple[tuple[str, ...], ...] | None:
    out: list[tuple[str, ...]] = []
    for ref in refs:
        segments = simple_segments(ref)
        if segments is None:
            return None
        out.append(segments)
    return tuple(out)


class PairCache:
    """Whether two windows can conflict at all, decided once per pair."""

    def __init__(self, windows: Sequence[WindowSpec]) -> None:
        self.windows = windows
        self._memo: dict[tuple[int, int], str | None] = {}
        # Literal heads once per window: most reference pairs differ there, which settles
        # them without a call into the (memoised, but not free) matcher. Two references
        # can only meet when one head is a prefix of the other, so a window's heads and
        # all their prefixes, as sets, settle most pairs of windows in one set operation.
        self._heads = [tuple(literal_head(ref) for ref in w.components) for w in windows]
        self._full = [frozenset(heads) for heads in self._heads]
        self._prefixes = [
            frozenset(head[:n] for head in heads for n in range(len(head) + 1))
            for heads in self._heads
        ]
        self._subtree = [all(_subtree(ref) for ref in w.components) for w in windows]
        # Names and ``*`` only (the usual fleet): compared here, segment by segment.
        self._simple = [_simple(w.components) for w in windows]

    def kind(self, i: int, j: int) -> str | None:
        key = (i, j) if i < j else (j, i)
        try:
            return self._memo[key]
        except KeyError:
            pass
        a, b = self.windows[key[0]], self.windows[key[1]]
        kind = pair_kind(a, b)
        if kind is not None and not self.meet(key[0], key[1]):
            kind = None
        self._memo[key] = kind
        return kind

    def meet(self, i: int, j: int) -> bool:
        """Whether windows ``i`` and ``j`` share a component."""
        if self._full[i].isdisjoint(self._prefixes[j]) and self._full[j].isdisjoint(
            self._prefixes[i]
        ):
            return False
        if self._subtree[i] and self._subtree[j]:
            return True
        simple_i, simple_j = self._simple[i], self._simple[j]
        if simple_i is not None and simple_j is not None:
            return any(segments_meet(x, y) for x in simple_i for y in simple_j)
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


def services(window: WindowSpec) -> frozenset[tuple[str, ...]] | None:
    """The names every reference has at ``SERVICE_DEPTH`` (``prod/db`` of
    ``*/*/prod/db/*``), or None for a window with a reference lacking them. Two such
    windows can only meet when they share a key: no ``**`` before them keeps positions."""
    keys: set[tuple[str, ...]] = set()
    for ref in window.components:
        fixed = [part for part in ref.strip("/").split("/") if part][: SERVICE_DEPTH.stop]
        named = fixed[SERVICE_DEPTH]
        if len(fixed) < SERVICE_DEPTH.stop or "**" in fixed or any(map(is_glob, named)):
            return None
        keys.add(tuple(named))
    return frozenset(keys)


# The pass over everything keeps open occurrences in four lanes (narrow 0, broad 1, plus
# 2 without ``services``) and says which lanes each lane meets: a broad window meets the
# narrow ones with services in their service buckets, and everything else here; two
# narrow windows meet only in their head buckets.
_MEETS = {0: (3,), 1: (2, 3), 2: (1, 3), 3: (0, 1, 2, 3)}


def sweep(
    windows: Sequence[WindowSpec],
    occs: Sequence[Occurrence],
    relevant: Collection[int] | None = None,
    cache: PairCache | None = None,
) -> list[Collision]:
    """Every pair of occurrences that overlap in time and conflict, by sort-and-sweep.

    Occurrences are swept per bucket of component heads (narrow × narrow), per bucket of
    services (broad × any), and once over everything for the pairs no bucket holds, so
    unrelated systems are never paired. With ``relevant`` only pairs involving one of
    those windows are checked (pre-commit).
    """
    cache = cache or PairCache(windows)
    heads = [buckets(w) for w in windows]
    named = [services(w) for w in windows]
    broad = [k is None for k in heads]
    lanes = [int(b) + 2 * (k is None) for b, k in zip(broad, named, strict=True)]
    wanted = {key for b, keys in zip(broad, named, strict=True) if b for key in keys or ()}
    by_head: dict[tuple[str, ...], list[Occurrence]] = {}
    by_service: dict[tuple[str, ...], list[Occurrence]] = {}
    for occ in occs:
        for key in heads[occ[2]] or ():
            by_head.setdefault(key, []).append(occ)
        for key in named[occ[2]] or ():
            if key in wanted:
                by_service.setdefault(key, []).append(occ)
    found: set[Collision] = set()
    memo: dict[tuple[int, int], str | None] = {}  # a plain dict: the hot path of the sweep

    def meet(occ: Occurrence, partners: list[Occurrence]) -> list[Occurrence]:
        """``partners`` still open at ``occ``'s start, after meeting ``occ``."""
        start, end, i = occ
        partners = [o for o in partners if o[1] > start]  # touching is not overlapping
        for _, other_end, j in partners:
            if i == j or not (relevant is None or i in relevant or j in relevant):
                continue
            pair = (i, j) if i < j else (j, i)
            kind = memo.get(pair, "")
            if kind == "":
                kind = memo[pair] = cache.kind(*pair)
            if kind is not None:
                found.add(Collision(start, min(end, other_end), pair[0], pair[1], kind))
        return partners

    # Kept apart by lane, a narrow occurrence never scans the (long) list of all that is open.
    open_lanes: list[list[Occurrence]] = [[], [], [], []]
    for occ in occs:
        lane = lanes[occ[2]]
        for other in _MEETS[lane]:
            open_lanes[other] = meet(occ, open_lanes[other])
        open_lanes[lane].append(occ)
    for group in by_service.values():
        open_all: list[Occurrence] = []
        open_broad: list[Occurrence] = []
        for occ in group:
            if broad[occ[2]]:
                open_all = meet(occ, open_all)
                open_broad.append(occ)
            else:
                open_broad = meet(occ, open_broad)
            open_all.append(occ)
    for group in by_head.values():
        active: list[Occurrence] = []
        for occ in group:
            active = meet(occ, active)
            active.append(occ)
    return sorted(found)
