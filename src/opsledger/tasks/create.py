"""Creating a task: plain data, lean checks, the emitter — no pydantic, no ruamel.

``opsledger task new`` must finish within its budget including a signed commit, so this
path validates by the rules below; a property test proves the full model accepts
whatever it writes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from opsledger.model.components import reference_known
from opsledger.model.errors import Location, UsageError, ValidationFailed
from opsledger.model.fields import PRIORITIES, TASK_FIELDS, TASK_TYPES
from opsledger.model.ids import RECORD_ID_RE, new_record_id
from opsledger.model.plain import mapping, sequence
from opsledger.model.timestamps import is_timestamp
from opsledger.store.emit import emit_document
from opsledger.store.paths import RECORD_DIRS
from opsledger.store.workspace import Workspace

MODELINE = "yaml-language-server: $schema=../.opsledger/schemas/task.schema.json"
_TASK_FIELD_SET = frozenset(TASK_FIELDS)
_SET_BY_OPSLEDGER = frozenset({"id", "created", "updated", "commands", "events", "time", "status"})


def _string_list(name: str, value: Any) -> list[str]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) and v for v in value):  # pyright: ignore[reportUnknownVariableType]
        raise UsageError(f"{name} must be a list of non-empty strings")
    return list(value)  # pyright: ignore[reportUnknownArgumentType]


def check_new_task(ws: Workspace, data: Mapping[str, Any], relpath: str) -> None:
    """The rules a new task must meet; ValidationFailed names the field."""
    problems: list[str] = []
    if not isinstance(data.get("title"), str) or not data["title"].strip():
        problems.append("title: a task needs a non-empty title")
    if data.get("type", "task") not in TASK_TYPES:
        problems.append(f"type: must be one of {', '.join(TASK_TYPES)}")
    if data.get("priority", "medium") not in PRIORITIES:
        problems.append(f"priority: must be one of {', '.join(PRIORITIES)}")
    for key in ("category", "client", "project", "resolution", "description"):
        if key in data and not isinstance(data[key], str):
            problems.append(f"{key}: must be text")
    for key in ("due", "assigned_at"):
        if key in data and not (isinstance(data[key], str) and is_timestamp(data[key])):
            problems.append(f"{key}: expected a timestamp YYYY-MM-DDTHH:MM:SS+HH:MM")
    for key in ("parent", "change", "window"):
        if key in data and not (isinstance(data[key], str) and RECORD_ID_RE.match(data[key])):
            problems.append(f"{key}: not a record id")
    labels = data.get("labels", {})
    if not isinstance(labels, dict) or not all(
        isinstance(k, str) and isinstance(v, str)
        for k, v in labels.items()  # pyright: ignore[reportUnknownVariableType]
    ):
        problems.append("labels: must map text to text")
    # The inventory and the roster are read only when a field names them: the inventory
    # is the largest configuration file, and a batch checks a thousand tasks.
    components = sequence(data.get("components"))
    if components:
        known = list(mapping(ws.inventory_data.get("components")))
        for ref in components:
            if not reference_known(ref, known):
                problems.append(f"unknown component {ref!r} (not in inventory.yaml)")
    assignee = data.get("assignee")
    team = data.get("team")
    if assignee is not None or team is not None:
        problems.extend(_people_problems(ws, assignee, team))
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        located: list[tuple[Location | None, str]] = [(Location(relpath), p) for p in problems]
        raise ValidationFailed(problems[0] + more, Location(relpath), located)


def _people_problems(ws: Workspace, assignee: Any, team: Any) -> list[str]:
    people = ws.people_data
    members = mapping(people.get("people"))
    problems: list[str] = []
    if (
        assignee is not None
        and assignee not in members
        and assignee not in mapping(people.get("bots"))
    ):
        problems.append(f"unknown person {assignee!r} (not in people.yaml)")
    if (
        team is not None
        and team not in mapping(people.get("teams"))
        and not any(team in sequence(mapping(p).get("teams")) for p in members.values())
    ):
        problems.append(f"unknown team {team!r} (not in people.yaml)")
    return problems


def build_task(
    ws: Workspace, title: str, taken: Callable[[str], bool], fields: Mapping[str, Any]
) -> dict[str, Any]:
    """The data of a new task, in file order; raises UsageError for fields it cannot take."""
    unknown = sorted(set(fields) - _TASK_FIELD_SET)
    if unknown:
        raise UsageError(f"unknown task field {unknown[0]!r}")
    for key in fields:
        if key in _SET_BY_OPSLEDGER:
            raise UsageError(f"{key} is set by opsledger, not when creating a task")
    prefix = ws.id_prefix("task")
    task_id = new_record_id(prefix)
    while taken(task_id):  # pragma: no cover - 40 random bits
        task_id = new_record_id(prefix)
    now = ws.timestamp()
    data: dict[str, Any] = {"id": task_id, "title": title, "status": "open", "created": now}
    for key, value in fields.items():
        if value is None or value == [] or value == {} or value == "":
            continue
        data[key] = (
            _string_list(key, value) if key in ("components", "tags", "depends_on") else value
        )
    if data.get("assignee") and "assigned_at" not in data:
        data["status"] = "assigned"
        data["assigned_at"] = now
    return {key: data[key] for key in TASK_FIELDS if key in data}


class KnownTasks:
    """The task ids one batch (or one create) must not reuse or may refer to.

    A new id is checked against its own path, in a batch as in a single create: 40
    random bits make a clash with an older task in a sub-folder a one-in-10^8 event, not
    worth listing 10,000 files per batch. The listing is read once, and only when a
    ``parent`` or ``depends_on`` must be checked; ids created since count as well.
    """

    def __init__(self, ws: Workspace) -> None:
        self.folder: Path = ws.paths.record_dir("task")
        self.created: set[str] = set()
        self._ws = ws
        self._folder = os.fspath(self.folder)
        self._listed: set[str] | None = None

    def taken(self, task_id: str) -> bool:
        # The batch's own new files are already in place, so their paths answer too.
        return os.path.exists(os.path.join(self._folder, task_id + ".yaml"))

    def exists(self, task_id: str) -> bool:
        if task_id in self.created:
            return True
        if self._listed is None:
            self._listed = set(self._ws.paths.record_names("task"))
        return task_id in self._listed


def write_new_task(
    ws: Workspace, title: str, known: KnownTasks | None, fields: Mapping[str, Any]
) -> dict[str, Any]:
    """Create the file and commit it (or join the open batch); returns the written data.

    ``known`` is kept by the caller across a batch; None makes a fresh one (one create).
    """
    known = known or KnownTasks(ws)
    data = build_task(ws, title, known.taken, fields)
    task_id = str(data["id"])
    name = f"{task_id}.yaml"
    path = known.folder / name
    relpath = f"{RECORD_DIRS['task']}/{name}"
    references = [
        *sequence(data.get("depends_on")),
        *([data["parent"]] if "parent" in data else []),
    ]
    for ref in references:
        if not known.exists(ref):
            raise ValidationFailed(f"unknown task {ref!r}", Location(relpath))
    check_new_task(ws, data, relpath)
    with ws.transaction("task", "create", task_id, title) as tx:
        tx.touch_id(task_id)
        tx.write(path, emit_document(data, header=MODELINE))
    known.created.add(task_id)
    return data
