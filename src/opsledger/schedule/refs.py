"""Fast component-reference tests for whole-ledger work, with the same answers as
``model.components`` (a property test compares them).

Two references whose leading literal segments differ cannot share a component, which
settles most pairs without the general matcher; answers are memoised per pair of texts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property, lru_cache

from opsledger.model.components import covers, intersects, is_glob


@lru_cache(maxsize=65536)
def literal_head(ref: str) -> tuple[str, ...]:
    head: list[str] = []
    for segment in ref.strip("/").split("/"):
        if not segment or is_glob(segment):
            break
        head.append(segment)
    return tuple(head)


@lru_cache(maxsize=65536)
def simple_segments(ref: str) -> tuple[str, ...] | None:
    """The segments of a reference made of names and ``*`` with at most a final ``**``
    (dropped here), else None. Most references of a fleet have this shape."""
    parts = ref.strip("/").split("/")
    if parts[-1] == "**":
        parts.pop()
    # An empty segment (the empty plain id meets nothing but itself) takes the long way.
    if any(not part or (part != "*" and is_glob(part)) for part in parts):
        return None
    return tuple(parts)


def segments_meet(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two ``simple_segments`` meet: segment by segment until the shorter one
    ends; a final ``**`` or the end of a reference takes in whatever the other still
    narrows to."""
    return all(x == y or x == "*" or y == "*" for x, y in zip(a, b, strict=False))


@lru_cache(maxsize=262144)
def refs_meet(a: str, b: str) -> bool:
    """``intersects(a, b)``, quicker for references that differ early."""
    simple_a, simple_b = simple_segments(a), simple_segments(b)
    if simple_a is not None and simple_b is not None:
        return segments_meet(simple_a, simple_b)
    head_a, head_b = literal_head(a), literal_head(b)
    n = min(len(head_a), len(head_b))
    if head_a[:n] != head_b[:n]:
        return False
    return intersects(a, b)


def _segment_regex(segment: str) -> str:
    if segment == "*":
        return "[^/\n]+"
    return "".join(
        "[^/\n]*" if c == "*" else "[^/\n]" if c == "?" else re.escape(c) for c in segment
    )


class KnownComponents:
    """Whether a reference names something declared (``reference_known``), in one regex
    scan over all declared paths instead of one glob match per path."""

    def __init__(self, known: Sequence[str]) -> None:
        self.known = list(known)
        # Each path with a leading "/" so every segment, the first too, starts with one.
        self._text = "\n".join("/" + p.strip("/") for p in self.known)
        self._memo: dict[str, bool] = {}

    def _search(self, ref: str) -> bool:
        if not self.known:
            return False  # the regex below would match ``**`` against the empty text
        if "[" in ref:  # character classes: leave them to the general matcher
            return any(covers(ref, path) for path in self.known)
        pattern = ""
        for segment in ref.strip("/").split("/"):
            if not segment:
                continue
            pattern += "(?:/[^/\n]+)*" if segment == "**" else "/" + _segment_regex(segment)
        return re.search("^" + pattern + "(?:/[^\n]*)?$", self._text, re.MULTILINE) is not None

    def __call__(self, ref: str) -> bool:
        if ref not in self._memo:
            if is_glob(ref):
                self._memo[ref] = self._search(ref)
            else:
                self._memo[ref] = ref.strip("/") in self._paths_and_parents
        return self._memo[ref]

    @cached_property
    def _paths_and_parents(self) -> frozenset[str]:
        """Every declared path and each of its ancestors: a plain reference is known when
        it is one of them (a set lookup, not one regex compiled per reference)."""
        found: set[str] = set()
        for path in self.known:
            parts = path.strip("/").split("/")  # empty segments kept, as the regex did
            found.update("/".join(parts[:n]) for n in range(1, len(parts) + 1))
        return frozenset(found)
