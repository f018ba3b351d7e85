"""Batch conflict detection: one sort-and-sweep over every occurrence in the horizon.

bench/bench_windows.py measured the sweep against an interval tree (query every occurrence)
and against the naive pairwise method; the sweep won, so the batch check uses it and the
tree serves the point and range queries (``at``, ``free``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import NamedTuple

from opsledger.schedule.expand import occurrences
from opsledger.schedule.pairs import PairCache, buckets, services
from opsledger.schedule.spec import WindowSpec

Occurrence = tuple[int, int, int]  # start, end (epoch seconds), window index


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
