"""What ``show`` lists beside a task: its dependencies, dependents, parent and children."""

from __future__ import annotations

from typing import Any

from opsledger.store.records import load_data, task_files
from opsledger.store.workspace import Workspace


def related_tasks(
    ws: Workspace, task_id: str, data: dict[str, Any]
) -> dict[str, list[tuple[str, str, str]]]:
    """Relation name -> [(id, status, title)]."""
    depends = set(data.get("depends_on") or [])
    parent = data.get("parent")
    out: dict[str, list[tuple[str, str, str]]] = {
        "depends on": [],
        "dependents": [],
        "parent": [],
        "children": [],
    }
    for other_id, path in task_files(ws).items():
        if other_id == task_id:
            continue
        if other_id not in depends and other_id != parent:
            # Reading every file is what the index will make cheap; until then only look
            # inside files that could point back at us.
            text = path.read_text(encoding="utf-8")
            if task_id not in text:
                continue
        other, _ = load_data(ws, path)
        row = (other_id, str(other.get("status", "open")), str(other.get("title", "")))
        if other_id in depends:
            out["depends on"].append(row)
        if other_id == parent:
            out["parent"].append(row)
        if task_id in (other.get("depends_on") or []):
            out["dependents"].append(row)
        if other.get("parent") == task_id:
            out["children"].append(row)
    return out
