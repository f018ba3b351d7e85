"""One person cannot work twice at once: finding overlaps and never counting them twice.

``split`` shares each overlapping stretch equally among the entries active in it (whole
seconds; the remainder goes to the earliest entries, so the sum is exact); ``first``
gives it to the entry that started first; ``error`` refuses to report.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from operator import itemgetter
from typing import Any, Literal, TypeVar

from opsledger.model.durations import format_duration
from opsledger.model.errors import Conflict
from opsledger.timetrack.entries import Entry

Policy = Literal["split", "first", "error"]
_FIRST = itemgetter(0)
P = TypeVar("P", bound="Piece")


@dataclass(frozen=True, slots=True)
class Piece:
    entry: Entry
    start: int
    end: int
    day: date


@dataclass(frozen=True, slots=True)
class Overlap:
    who: str
    first: Entry
    second: Entry
    seconds: int


def _rank(entry: Entry) -> tuple[int, str, str]:
    return entry.start, entry.task, entry.id


def find_overlaps(entries: Iterable[Entry]) -> list[Overlap]:
    """Every pair of one person's entries that share time."""
    by_person: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.end > entry.start:
            by_person[entry.who].append(entry)
    found: list[Overlap] = []
    for who, items in sorted(by_person.items()):
        items.sort(key=_rank)
        active: list[Entry] = []
        for entry in items:
            active = [a for a in active if a.end > entry.start]
            found.extend(
                Overlap(who, a, entry, min(a.end, entry.end) - entry.start) for a in active
            )
            active.append(entry)
    return found


class Overlapping(Exception):
    """Raised by ``settle`` under the ``error`` policy: the two rank sources and the time."""

    def __init__(self, first: Any, second: Any, seconds: int) -> None:
        super().__init__(first, second, seconds)
        self.first, self.second, self.seconds = first, second, seconds


# One person's piece of time: (start, end, rank source, payload); ``rank(source)`` orders
# entries that share time (start, task, entry id of the whole entry).
Item = tuple[int, int, Any, Any]
Rank = Callable[[Any], Any]
Settled = list[tuple[Any, Any, int]]


def settle(items: list[Item], policy: Policy, rank: Rank, out: Settled) -> None:
    """Append (rank source, payload, seconds counted) for each of one person's pieces.

    Pieces sorted by start form clusters of overlapping time; a piece alone in its cluster
    (most of them) counts whole, two share by arithmetic, more by ``_share``.
    """
    items.sort(key=_FIRST)
    append = out.append
    n = len(items)
    j = 0
    while j < n:
        lo, reach, source, payload = items[j]
        m = j + 1
        while m < n and items[m][0] < reach:
            if items[m][1] > reach:
                reach = items[m][1]
            m += 1
        if m == j + 1:
            append((source, payload, reach - lo))
        elif m == j + 2:
            _pair(items[j], items[j + 1], policy, rank, out)
        else:
            _share(items[j:m], policy, rank, out)
        j = m


def _pair(a: Item, b: Item, policy: Policy, rank: Rank, out: Settled) -> None:
    """Two pieces, ``b`` starting within ``a``: the shared stretch goes by the policy."""
    shared = min(a[1], b[1]) - b[0]
    if policy == "error":
        first, second = (a, b) if rank(a[2]) <= rank(b[2]) else (b, a)
        raise Overlapping(first[2], second[2], shared)
    a_alone = b[0] - a[0] + max(a[1] - b[1], 0)
    b_alone = max(b[1] - a[1], 0)
    if policy == "first":
        a_share, b_share = (shared, 0) if rank(a[2]) <= rank(b[2]) else (0, shared)
    else:
        half, extra = divmod(shared, 2)
        a_share, b_share = (
            (half + extra, half) if rank(a[2]) <= rank(b[2]) else (half, half + extra)
        )
    out.append((a[2], a[3], a_alone + a_share))
    out.append((b[2], b[3], b_alone + b_share))


def _share(cluster: list[Item], policy: Policy, rank: Rank, out: Settled) -> None:
    points = sorted({p[0] for p in cluster}.union(p[1] for p in cluster))
    order = sorted(range(len(cluster)), key=lambda i: rank(cluster[i][2]))
    shares = [0] * len(cluster)
    for lo, hi in pairwise(points):
        active = [i for i in order if cluster[i][0] <= lo and cluster[i][1] >= hi]
        if not active:
            continue
        length = hi - lo
        if len(active) == 1 or policy == "first":
            shares[active[0]] += length
            continue
        if policy == "error":
            raise Overlapping(cluster[active[0]][2], cluster[active[1]][2], length)
        base, extra = divmod(length, len(active))
        for place, i in enumerate(active):
            shares[i] += base + 1 if place < extra else base
    out.extend((p[2], p[3], share) for p, share in zip(cluster, shares, strict=True))


def conflict(who: str, a: Entry, b: Entry, seconds: int) -> Conflict:
    return Conflict(
        f"{who}: entries {a.task}/{a.id} and {b.task}/{b.id} overlap by "
        f"{format_duration_s(seconds)}; use --overlap split or first"
    )


def format_duration_s(seconds: int) -> str:
    return format_duration(timedelta(seconds=seconds))


def resolve(pieces: Iterable[P], policy: Policy) -> list[tuple[P, int]]:
    """Each piece with the seconds it counts for after the overlap policy."""
    by_person: dict[str, list[Item]] = defaultdict(list)
    for piece in pieces:
        if piece.end > piece.start:
            by_person[piece.entry.who].append((piece.start, piece.end, piece.entry, piece))
    out: Settled = []
    for who, items in by_person.items():
        try:
            settle(items, policy, _rank, out)
        except Overlapping as exc:
            raise conflict(who, exc.first, exc.second, exc.seconds) from None
    return [(piece, seconds) for _, piece, seconds in out]
