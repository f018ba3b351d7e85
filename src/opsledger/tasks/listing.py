"""Simple task filters over the raw files; the index issue brings the full query language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from opsledger.model.base import PRIORITY_RANK
from opsledger.model.components import covers, intersects
from opsledger.model.transitions import OPEN_STATUSES
from opsledger.store.records import load_data, task_files
from opsledger.store.workspace import Workspace


@dataclass
class TaskFilter:
    statuses: set[str] = field(default_factory=lambda: set[str]())
    priorities: set[str] = field(default_factory=lambda: set[str]())
    type: str | None = None
    assignee: str | None = None
    team: str | None = None
    client: str | None = None
    tags: set[str] = field(default_factory=lambda: set[str]())
    components: list[str] = field(default_factory=lambda: list[str]())
    include_closed: bool = False

    def accepts(self, data: dict[str, Any]) -> bool:
        status = data.get("status", "open")
        if self.statuses:
            if status not in self.statuses:
                return False
        elif not self.include_closed and status not in OPEN_STATUSES:
            return False
        checks = ((self.priorities, data.get("priority", "medium")),)
        for wanted, value in checks:
            if wanted and value not in wanted:
                return False
        for key, wanted_value in (
            ("type", self.type),
            ("assignee", self.assignee),
            ("team", self.team),
            ("client", self.client),
        ):
            default = "task" if key == "type" else None
            if wanted_value is not None and data.get(key, default) != wanted_value:
                return False
        if self.tags and not self.tags.issubset(set(data.get("tags") or [])):
            return False
        if self.components:
            refs: list[str] = list(data.get("components") or [])
            if not any(covers(w, r) or intersects(w, r) for w in self.components for r in refs):
                return False
        return True


def _sort_key(data: dict[str, Any]) -> tuple[int, str]:
    return (
        -PRIORITY_RANK.get(str(data.get("priority", "medium")), 0),
        str(data.get("created", "")),
    )


def list_tasks(ws: Workspace, wanted: TaskFilter) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in task_files(ws).values():
        data, _ = load_data(ws, path)
        if wanted.accepts(data):
            rows.append(data)
    rows.sort(key=_sort_key)
    return rows
