"""Where an entry's client and project come from when the user does not say.

The client: the flag, else the task's ``client``, else the one client that owns the
task's (or the entry's) components in ``inventory.yaml``. The project: the flag, else the
task's, unless the flag named another client than the task's.
"""

from __future__ import annotations

from typing import Any

from opsledger.model.components import resolve
from opsledger.store.workspace import Workspace
from opsledger.timetrack.plain import as_mapping


def component_client(ws: Workspace, refs: list[str]) -> str | None:
    components: dict[str, Any] = ws.inventory_data.get("components") or {}
    clients: set[str] = set()
    for ref in refs:
        for path in resolve(ref, components):
            spec = as_mapping(components.get(path))
            if spec is not None and spec.get("client"):
                clients.add(str(spec["client"]))
    return clients.pop() if len(clients) == 1 else None


def default_client_project(
    ws: Workspace,
    task: dict[str, Any],
    client: str | None,
    project: str | None,
    component: str | None,
) -> tuple[str | None, str | None]:
    task_client = task.get("client")
    explicit = client
    if client is None:
        client = str(task_client) if task_client else None
    if client is None:
        refs = [component] if component else [str(c) for c in task.get("components") or ()]
        client = component_client(ws, refs)
    if project is None and task.get("project") and explicit in (task_client, None):
        project = str(task["project"])
    return client, project
