"""``cmd log``: commands in time order with their task (search is the index's job)."""

from __future__ import annotations

from typing import Any

from opsledger.model.timestamps import parse_timestamp
from opsledger.store.records import find_task, load_data, task_files
from opsledger.store.workspace import Workspace


def command_log(ws: Workspace, fragment: str | None = None) -> list[dict[str, Any]]:
    if fragment:
        task_id, path = find_task(ws, fragment)
        files = {task_id: path}
    else:
        files = task_files(ws)
    rows: list[dict[str, Any]] = []
    for task_id, path in files.items():
        data, _ = load_data(ws, path)
        commands: list[Any] = data.get("commands") or []
        for entry in commands:
            if isinstance(entry, dict):
                rows.append({"task": task_id, **entry})
    rows.sort(key=lambda row: parse_timestamp(str(row["at"])))
    return rows
