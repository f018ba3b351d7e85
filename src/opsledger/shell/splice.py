"""Append entries to a task as text, without a round-trip parse of the whole file.

A ruamel round-trip costs tens of milliseconds per KB; a history import into a big
task would take seconds. The new items are emitted by ``store.emit`` at the end of the
``commands:`` block (or a new ``commands:`` key is appended); ``updated`` is replaced
in place. The caller verifies the result with the fast loader and falls back to the
round-trip editor when the layout is one this module does not handle.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from opsledger.store.emit import emit_mapping, flow_items

_KEY_RE = re.compile(r"^commands:[ \t]*(#.*)?$")
_EMPTY_FLOW_RE = re.compile(r"^commands:[ \t]*\[[ \t]*\][ \t]*(#.*)?$")


def emit_item(entry: Mapping[str, Any], indent: int) -> str:
    """One ``- …`` item: a flow mapping on one line, or a block mapping when a value
    spans lines (literal blocks read better in review)."""
    pad = " " * indent
    if not any(isinstance(v, str) and "\n" in v for v in entry.values()):
        return f"{pad}- {flow_items([entry])[1:-1]}\n"
    body = emit_mapping(entry, pad + "  ")
    return pad + "- " + body[indent + 2 :]


def splice_commands(text: str, entries: Sequence[Mapping[str, Any]]) -> str | None:
    """``text`` with ``entries`` appended to ``commands``; None for layouts left to ruamel."""
    if "\r" in text or text.startswith("\ufeff"):
        return None
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    found = [i for i, line in enumerate(lines) if line.startswith("commands:")]
    if not found:
        return "".join(lines) + "commands:\n" + "".join(emit_item(e, 2) for e in entries)
    if len(found) > 1:
        return None
    key = found[0]
    head = lines[key].rstrip("\n")
    empty = _EMPTY_FLOW_RE.match(head)
    if empty:
        lines[key] = f"commands:  {empty.group(1)}\n" if empty.group(1) else "commands:\n"
        lines[key + 1 : key + 1] = [emit_item(e, 2) for e in entries]
        return "".join(lines)
    if not _KEY_RE.match(head):
        return None
    dash_indent: int | None = None
    last = key
    for index in range(key + 1, len(lines)):
        line = lines[index]
        stripped = line.lstrip(" ")
        if not stripped.strip() or stripped.startswith("#"):
            continue
        column = len(line) - len(stripped)
        if column == 0 and not (stripped.startswith("- ") or stripped == "-\n"):
            break
        if dash_indent is None:
            if not stripped.startswith("-"):
                return None
            dash_indent = column
        last = index
    if dash_indent is None:
        return None
    items = [emit_item(e, dash_indent) for e in entries]
    lines[last + 1 : last + 1] = items
    return "".join(lines)
