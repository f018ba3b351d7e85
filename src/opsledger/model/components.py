"""Component references: ids or globs matched segment by segment (DESIGN 3.0).

``*`` is one segment, ``**`` zero or more; a reference covers what it matches
and everything below it, so ``prod/db`` covers ``prod/db/pg-07`` but not ``prod/dbx``.
"""

from __future__ import annotations

from collections.abc import Iterable
from fnmatch import fnmatchcase
from functools import lru_cache


def is_glob(ref: str) -> bool:
    return "*" in ref or "?" in ref or "[" in ref


def _plain_related(a: str, b: str) -> bool:
    """Two plain ids meet when one is the other or lies below it."""
    a, b = a.strip("/"), b.strip("/")
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


@lru_cache(maxsize=4096)
def _segments(ref: str) -> tuple[str, ...]:
    return tuple(part for part in ref.strip("/").split("/") if part)


def _segment_matches(pattern: str, name: str) -> bool:
    if pattern == "*" or pattern == name:
        return True
    return is_glob(pattern) and fnmatchcase(name, pattern)


def covers(ref: str, path: str) -> bool:
    """Whether ``ref`` covers component ``path`` (the path itself or a descendant of a match)."""
    if not is_glob(ref):
        plain = ref.strip("/")
        target = path.strip("/")
        return target == plain or target.startswith(plain + "/") or plain == ""
    pattern = _segments(ref)
    names = _segments(path)
    if "**" not in pattern:
        # Segment by segment (most references): the search below is for ``**``.
        return len(names) >= len(pattern) and all(
            _segment_matches(p, n) for p, n in zip(pattern, names, strict=False)
        )
    memo: dict[tuple[int, int], bool] = {}

    def walk(i: int, j: int) -> bool:
        key = (i, j)
        if key in memo:
            return memo[key]
        if i == len(pattern):
            result = True  # the rest of the path lies below a matched node
        elif pattern[i] == "**":
            result = walk(i + 1, j) or (j < len(names) and walk(i, j + 1))
        elif j == len(names):
            result = False
        else:
            result = _segment_matches(pattern[i], names[j]) and walk(i + 1, j + 1)
        memo[key] = result
        return result

    return walk(0, 0)


def _segments_compatible(a: str, b: str) -> bool:
    if a == b or a == "*" or b == "*":
        return True
    if is_glob(a) and is_glob(b):
        return True  # two partial globs may share a name; err on the side of a finding
    if is_glob(a):
        return fnmatchcase(b, a)
    if is_glob(b):
        return fnmatchcase(a, b)
    return False


@lru_cache(maxsize=65536)
def intersects(ref_a: str, ref_b: str) -> bool:
    """Whether some component is covered by both references."""
    if not is_glob(ref_a) and not is_glob(ref_b):
        return _plain_related(ref_a, ref_b)
    a = _segments(ref_a)
    b = _segments(ref_b)
    if "**" not in a and "**" not in b:
        # Segment against segment; where one ends, the other narrows inside its subtree.
        return all(_segments_compatible(x, y) for x, y in zip(a, b, strict=False))
    memo: dict[tuple[int, int], bool] = {}

    def walk(i: int, j: int) -> bool:
        key = (i, j)
        if key in memo:
            return memo[key]
        if i == len(a) or j == len(b):
            result = True  # one subtree contains whatever the other still narrows to
        elif a[i] == "**":
            result = walk(i + 1, j) or walk(i, j + 1)
        elif b[j] == "**":
            result = walk(i, j + 1) or walk(i + 1, j)
        else:
            result = _segments_compatible(a[i], b[j]) and walk(i + 1, j + 1)
        memo[key] = result
        return result

    return walk(0, 0)


def sets_intersect(refs_a: Iterable[str], refs_b: Iterable[str]) -> list[tuple[str, str]]:
    """Every pair of references, one from each set, that share a component."""
    second = list(refs_b)
    return [(a, b) for a in refs_a for b in second if intersects(a, b)]


def resolve(ref: str, known: Iterable[str]) -> list[str]:
    """The declared components a reference covers."""
    return [path for path in known if covers(ref, path)]


def reference_known(ref: str, known: Iterable[str]) -> bool:
    """A plain id is known when declared or an ancestor of something declared; a glob when it
    covers at least one declared component."""
    if is_glob(ref):
        return bool(resolve(ref, known))
    prefix = ref.strip("/") + "/"
    return any(path == ref.strip("/") or path.startswith(prefix) for path in known)
