"""Appending a time entry by splicing one line into the task file, proven by a re-read.

The round-trip editor costs ~20–60 ms per task here (parse and dump grow with the file),
over the 20 ms budget of a time operation. An entry is one flow-mapping line at the end of
the ``time`` block, plus ``updated``; the spliced text is read back with the fast loader and
must give exactly the old data with those two changes, or the round-trip editor does the
work instead. Comments and layout survive because nothing else is touched.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from opsledger.store.emit import scalar
from opsledger.store.fastload import load_fast
from opsledger.store.records import check_task, edit_task, find_task, load_data
from opsledger.store.workspace import Workspace

_TIME_KEY = re.compile(r"^time:[ \t]*(?:#.*)?$", re.MULTILINE)
_UPDATED = re.compile(r"^updated:[ \t]*\S+[ \t]*$", re.MULTILINE)
_CREATED = re.compile(r"^created:[ \t]*\S+[ \t]*\n", re.MULTILINE)
_ITEM = re.compile(r"^([ \t]*)- ")
# the next top-level key: a line at column 0 that is neither a list item nor a comment
_NEXT_KEY = re.compile(r"^(?!-[ \n])[^\s#]", re.MULTILINE)


def flow_line(entry: Mapping[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {scalar(v, in_flow=True)}" for k, v in entry.items()) + "}"


def _stamp(text: str, stamp: str) -> str | None:
    if _UPDATED.search(text):
        return _UPDATED.sub(f"updated: {stamp}", text, count=1)
    created = _CREATED.search(text)
    if created is None:
        return None
    return text[: created.end()] + f"updated: {stamp}\n" + text[created.end() :]


def splice(text: str, entries: list[dict[str, Any]], stamp: str) -> str | None:
    """The text with ``entries`` appended to ``time`` and ``updated`` set, or None."""
    stamped = _stamp(text if text.endswith("\n") else text + "\n", stamp)
    if stamped is None:
        return None
    key = _TIME_KEY.search(stamped)
    if key is None:
        return stamped + "time:\n" + "".join(f"  - {flow_line(e)}\n" for e in entries)
    start = key.end() + 1
    following = _NEXT_KEY.search(stamped, start)
    end = following.start() if following else len(stamped)
    lines = stamped[start:end].splitlines(keepends=True)
    tail: list[str] = []
    while lines and (not lines[-1].strip() or lines[-1].startswith("#")):
        tail.insert(0, lines.pop())  # blank lines and comments before the next key stay there
    first = _ITEM.match(lines[0]) if lines else None
    if first is None:
        return None
    new = "".join(f"{first.group(1)}- {flow_line(e)}\n" for e in entries)
    return stamped[:start] + "".join(lines) + new + "".join(tail) + stamped[end:]


def append_entries(
    ws: Workspace, task: str, entries: list[dict[str, Any]], verb: str, summary: str
) -> str:
    """Append entries to a task in one transaction; returns the task id."""
    task_id, path = find_task(ws, task)
    with ws.transaction("time", verb, task_id, summary) as tx:
        data, text = load_data(ws, path)
        stamp = ws.timestamp()
        relpath = ws.paths.rel(path)
        new = splice(text, entries, stamp)
        old: list[Any] = data.get("time") or []
        expected: dict[str, Any] = {**data, "updated": stamp, "time": [*old, *entries]}
        if new is not None and _reads_as(new, relpath, expected):
            tx.touch_id(task_id)
            check_task(ws, expected, relpath, new)
            tx.write(path, new)
            return task_id
    with edit_task(ws, task_id, "time", verb, summary) as edit:
        for entry in entries:
            edit.doc.append(["time"], entry)
    return task_id


def _reads_as(text: str, relpath: str, expected: dict[str, Any]) -> bool:
    try:
        return load_fast(text, relpath) == expected
    except Exception:
        return False
