"""Which windows can conflict at all: per pair of windows, before any time is compared.

Two windows conflict when their kinds compete (``pair_kind``) and they share a component.
The sweep (``conflicts.py``) asks ``PairCache`` once per pair that meets in time, and sorts
occurrences into buckets by the literal heads (``buckets``) and fleet-wide service names
(``services``) of their references, so that unrelated systems are never paired.
"""

from __future__ import annotations

from collections.abc import Sequence

from opsledger.model.components import is_glob
from opsledger.schedule.refs import literal_head, refs_meet, segments_meet, simple_segments
from opsledger.schedule.spec import WindowSpec

BUCKET_DEPTH = 2  # provider/region: deep enough to split a fleet, shallow enough for globs
SERVICE_DEPTH = slice(2, 4)  # env/service: what a fleet-wide glob (*/*/prod/db/*) names


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
