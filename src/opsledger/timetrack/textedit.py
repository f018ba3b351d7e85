"""Editing a task's ``time`` and ``events`` lists as text, at the lines that change.

The round-trip editor costs ~20–60 ms per task here (parse and dump grow with the file),
over the 20 ms budget of a time operation. These functions touch only the lines of the
item added, replaced or removed (and ``updated``), so comments and layout elsewhere
survive. Each returns None for a layout it does not handle; callers read the result back
with the fast loader and compare it with the data they meant to write (``rewrite.py``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from opsledger.store.emit import flow_items

_ITEM = re.compile(r"^([ \t]*)- ")
# the next top-level key: a line at column 0 that is neither a list item nor a comment
_NEXT_KEY = re.compile(r"^(?!-[ \n])[^\s#]", re.MULTILINE)
_ONE_LINE = re.compile(r"^[ \t]*- \{[^#\n]*\}[ \t]*\n?$")


def flow_line(entry: Mapping[str, Any]) -> str:
    return flow_items([entry])[1:-1]


def _block(text: str, key: str) -> tuple[int, int, list[str]] | None:
    """(start, end, lines) of the block under top-level ``key:``; None if there is none."""
    found = re.search(rf"^{key}:[ \t]*(?:#.*)?$", text, re.MULTILINE)
    if found is None:
        return None
    start = found.end() + 1
    following = _NEXT_KEY.search(text, start)
    end = following.start() if following else len(text)
    return start, end, text[start:end].splitlines(keepends=True)


def _trailing(lines: list[str]) -> list[str]:
    """Pop the blank lines and comments at the end of a block (they precede the next key)."""
    tail: list[str] = []
    while lines and (not lines[-1].strip() or lines[-1].lstrip().startswith("#")):
        tail.insert(0, lines.pop())
    return tail


def append_items(text: str, key: str, entries: list[dict[str, Any]]) -> str | None:
    """``entries`` appended to the block list ``key`` (a new ``key:`` at the end if none)."""
    if not text.endswith("\n"):
        text += "\n"
    block = _block(text, key)
    if block is None:
        if re.search(rf"^{key}\s*:", text, re.MULTILINE):
            return None  # e.g. ``time: []``: left to the round-trip editor
        return text + f"{key}:\n" + "".join(f"  - {flow_line(e)}\n" for e in entries)
    start, end, lines = block
    tail = _trailing(lines)
    first = _ITEM.match(lines[0]) if lines else None
    if first is None:
        return None
    new = "".join(f"{first.group(1)}- {flow_line(e)}\n" for e in entries)
    return text[:start] + "".join(lines) + new + "".join(tail) + text[end:]


def _items(lines: list[str]) -> list[tuple[int, int]] | None:
    """(first, last + 1) line numbers of each item, without the comments and blank lines
    that follow it (they stay where they are when the item goes)."""
    first = _ITEM.match(lines[0]) if lines else None
    if first is None:
        return None
    dash = first.group(1) + "- "
    starts = [n for n, line in enumerate(lines) if line.startswith(dash)]
    spans: list[tuple[int, int]] = []
    for n, begin in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else len(lines)
        while stop > begin + 1 and (
            not lines[stop - 1].strip() or lines[stop - 1].lstrip().startswith("#")
        ):
            stop -= 1
        spans.append((begin, stop))
    return spans


def replace_item(text: str, key: str, index: int, entry: dict[str, Any] | None) -> str | None:
    """Item ``index`` of the block list ``key`` replaced by ``entry`` (removed for None).

    A replaced item must be one flow-mapping line without a comment: it is rewritten
    whole. An emptied list becomes ``key: []`` (a comment on the key line stays).
    """
    if not text.endswith("\n"):
        text += "\n"
    block = _block(text, key)
    if block is None:
        return None
    start, end, lines = block
    tail = _trailing(lines)
    spans = _items(lines)
    if spans is None or not 0 <= index < len(spans):
        return None
    lo, hi = spans[index]
    if entry is not None:
        if hi != lo + 1 or not _ONE_LINE.match(lines[lo]):
            return None
        indent = _ITEM.match(lines[lo])
        assert indent is not None
        lines[lo:hi] = [f"{indent.group(1)}- {flow_line(entry)}\n"]
    elif len(spans) == 1:
        head = text[:start].rstrip("\n")
        line = head.rfind("\n") + 1
        comment = head[line + len(key) + 1 :]  # what follows ``key:``, kept
        return head[:line] + f"{key}: []{comment}\n" + "".join(tail) + text[end:]
    else:
        del lines[lo:hi]
    return text[:start] + "".join(lines) + "".join(tail) + text[end:]
