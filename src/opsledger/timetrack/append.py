"""Appending time entries to a task: one transaction, the lines spliced (``rewrite.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from opsledger.store.records import find_task
from opsledger.store.workspace import Workspace
from opsledger.timetrack.rewrite import Change, apply


def append_entries(
    ws: Workspace,
    task: str,
    entries: list[dict[str, Any]],
    verb: str,
    summary: str,
    found: tuple[str, Path] | None = None,
    known: tuple[dict[str, Any], str] | None = None,
) -> str:
    """Append entries to a task in one transaction; returns the task id. ``found`` is the
    task's (id, file) and ``known`` its (data, text) when the caller already read them."""
    task_id, path = found or find_task(ws, task)
    apply(ws, task_id, path, verb, summary, Change(time=entries), known)
    return task_id
