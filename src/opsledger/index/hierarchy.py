"""``component:`` over many references at once: which references share a component with
the wanted one (``model.components.intersects``), walking a trie of the plain references
instead of comparing them one by one."""

from __future__ import annotations

from fnmatch import fnmatchcase

from opsledger.index.schema import ODD_REF
from opsledger.model.components import intersects, is_glob


class _Node:
    __slots__ = ("children", "ends")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.ends: list[str] = []  # the references whose last segment is this node


def _segments(ref: str) -> list[str]:
    return [part for part in ref.strip("/").split("/") if part]


def _subtree(node: _Node, found: set[str]) -> None:
    stack = [node]
    while stack:
        current = stack.pop()
        found.update(current.ends)
        stack.extend(current.children.values())


def _fits(pattern: str, name: str) -> bool:
    return pattern in ("*", name) or (is_glob(pattern) and fnmatchcase(name, pattern))


def fixed_head(wanted: str) -> str:
    """The leading segments of ``wanted`` before its first glob, joined."""
    head: list[str] = []
    for part in _segments(wanted):
        if is_glob(part):
            break
        head.append(part)
    return "/".join(head)


def _may_meet(ref: str, head: str) -> bool:
    """Whether a plain reference can share a component with a pattern that starts with
    ``head``: it lies on that path (and covers what is below) or below it."""
    plain = ref.strip("/")
    if "//" in plain:
        return True  # not normalised: let the trie decide
    return (
        not plain or plain == head or plain.startswith(head + "/") or head.startswith(plain + "/")
    )


def candidates_sql(head: str) -> tuple[str, list[str]]:
    """SQL for the references that ``_may_meet`` a pattern starting with ``head``, plus
    every glob and unnormalised one: the index picks a few hundred of thousands without
    Python looking at each."""
    parts = head.split("/")
    ancestors = ["/".join(parts[:n]) for n in range(1, len(parts))]
    marks = ", ".join("?" * len(ancestors)) or "NULL"
    sql = (
        "SELECT ref FROM comps WHERE ref = ?"
        # everything below ``head``: from "head/" up to "head0" ("0" follows "/")
        " UNION SELECT ref FROM comps WHERE ref > ? AND ref < ?"
        f" UNION SELECT ref FROM comps WHERE ref IN ({marks})"
        f" UNION SELECT ref FROM comps WHERE {ODD_REF}"
    )
    return sql, [head, head + "/", head + "0", *ancestors]


def matching_refs(wanted: str, refs: list[str]) -> list[str]:
    root = _Node()
    found: set[str] = set()
    head = fixed_head(wanted)
    for ref in refs:
        if is_glob(ref):
            if intersects(wanted, ref):
                found.add(ref)
            continue
        if head and not _may_meet(ref, head):
            continue  # cheaper than adding it to the trie (thousands of references)
        node = root
        for part in _segments(ref):
            node = node.children.setdefault(part, _Node())
        node.ends.append(ref)
    pattern = _segments(wanted)
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[int, _Node]] = [(0, root)]
    while stack:
        i, node = stack.pop()
        if (i, id(node)) in seen:
            continue
        seen.add((i, id(node)))
        # A reference ending here covers everything below it, whatever the pattern narrows to.
        found.update(node.ends)
        if i == len(pattern):
            _subtree(node, found)
            continue
        if pattern[i] == "**":
            stack.append((i + 1, node))
            stack.extend((i, child) for child in node.children.values())
            continue
        stack.extend(
            (i + 1, child) for name, child in node.children.items() if _fits(pattern[i], name)
        )
    return sorted(found)
