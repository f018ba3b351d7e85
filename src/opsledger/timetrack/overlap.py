"""One person cannot work twice at once: finding overlaps and never counting them twice.

``split`` shares each overlapping stretch equally among the entries active in it (whole
seconds; the remainder goes to the earliest entries, so the sum is exact); ``first``
gives it to the entry that started first; ``error`` refuses to report.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from operator import attrgetter
from typing import Literal, TypeVar

from opsledger.model.durations import format_duration
from opsledger.model.errors import Conflict
from opsledger.timetrack.entries import Entry

Policy = Literal["split", "first", "error"]
_START = attrgetter("start")
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


def _clusters(pieces: list[P]) -> Iterable[list[P]]:
    pieces.sort(key=_START)  # ties are ranked inside _share
    cluster: list[P] = []
    reach = 0
    for piece in pieces:
        if cluster and piece.start >= reach:
            yield cluster
            cluster = []
        if not cluster:
            reach = piece.end
        cluster.append(piece)
        reach = max(reach, piece.end)
    if cluster:
        yield cluster


def _share(cluster: Sequence[P], policy: Policy) -> list[tuple[P, int]]:
    points = sorted({p.start for p in cluster} | {p.end for p in cluster})
    shares = dict.fromkeys(range(len(cluster)), 0)
    for lo, hi in pairwise(points):
        active = [i for i, p in enumerate(cluster) if p.start <= lo and p.end >= hi]
        if not active:
            continue
        if len(active) > 1 and policy == "error":
            a, b = cluster[active[0]].entry, cluster[active[1]].entry
            raise Conflict(
                f"{a.who}: entries {a.task}/{a.id} and {b.task}/{b.id} overlap by "
                f"{format_duration_s(hi - lo)}; use --overlap split or first"
            )
        active.sort(key=lambda i: _rank(cluster[i].entry))
        length = hi - lo
        if policy == "first":
            shares[active[0]] += length
            continue
        base, extra = divmod(length, len(active))
        for rank, i in enumerate(active):
            shares[i] += base + (1 if rank < extra else 0)
    return [(cluster[i], s) for i, s in shares.items()]


def format_duration_s(seconds: int) -> str:
    return format_duration(timedelta(seconds=seconds))


def resolve(pieces: Iterable[P], policy: Policy) -> list[tuple[P, int]]:
    """Each piece with the seconds it counts for after the overlap policy."""
    by_person: dict[str, list[P]] = defaultdict(list)
    for piece in pieces:
        if piece.end > piece.start:
            by_person[piece.entry.who].append(piece)
    out: list[tuple[P, int]] = []
    for items in by_person.values():
        for cluster in _clusters(items):
            if len(cluster) == 1:
                out.append((cluster[0], cluster[0].end - cluster[0].start))
            else:
                out.extend(_share(cluster, policy))
    return out
