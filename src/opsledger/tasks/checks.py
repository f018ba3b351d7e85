"""What a task must satisfy before opsledger writes it: the model, then its references."""

from __future__ import annotations

from typing import Any

from opsledger.model.components import reference_known
from opsledger.model.errors import Location, ValidationFailed
from opsledger.model.task import Task
from opsledger.store.modelcheck import locate, validate_model
from opsledger.store.workspace import Workspace


def check_task(ws: Workspace, data: Any, relpath: str, text: str) -> Task:
    """Validate a task about to be written; ValidationFailed points at file:line:column."""
    task = validate_model(Task, data, relpath, text)
    problems: list[tuple[tuple[str | int, ...], str]] = []
    expected_name = f"{task.id}.yaml"
    if not relpath.endswith("/" + expected_name):
        problems.append((("id",), f"id {task.id} does not match the file name {relpath}"))
    known = list(ws.inventory.components)
    for index, ref in enumerate(task.components):
        if not reference_known(ref, known):
            problems.append(
                (("components", index), f"unknown component {ref!r} (not in inventory.yaml)")
            )
    people = ws.people
    if task.assignee and task.assignee not in people.people and task.assignee not in people.bots:
        problems.append((("assignee",), f"unknown person {task.assignee!r} (not in people.yaml)"))
    if task.team and task.team not in people.teams and not people.team_members(task.team):
        problems.append((("team",), f"unknown team {task.team!r} (not in people.yaml)"))
    if task.id in task.depends_on:
        problems.append((("depends_on",), "a task cannot depend on itself"))
    if not problems:
        return task
    located = [(locate(text, relpath, path, False), message) for path, message in problems]
    first_location, first_message = located[0]
    more = f" (and {len(located) - 1} more)" if len(located) > 1 else ""
    raise ValidationFailed(first_message + more, first_location or Location(relpath), located)
