"""Creating a task: plain data, lean checks, the emitter — no pydantic, no ruamel.

``opsledger task new`` must finish within its budget including a signed commit, so this
path validates by the rules below; a property test proves the full model accepts
whatever it writes.
"""

from __future__ import annotations

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
from opsledger.store.records import task_files
from opsledger.store.workspace import Workspace

MODELINE = "yaml-language-server: $schema=../.opsledger/schemas/task.schema.json"
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
    known = list(mapping(ws.inventory_data.get("components")))
    for ref in sequence(data.get("components")):
        if not reference_known(ref, known):
            problems.append(f"unknown component {ref!r} (not in inventory.yaml)")
    people = ws.people_data
    members = mapping(people.get("people"))
    roster = {*members, *mapping(people.get("bots"))}
    assignee = data.get("assignee")
    if assignee is not None and assignee not in roster:
        problems.append(f"unknown person {assignee!r} (not in people.yaml)")
    team = data.get("team")
    if (
        team is not None
        and team not in mapping(people.get("teams"))
        and not any(team in sequence(mapping(p).get("teams")) for p in members.values())
    ):
        problems.append(f"unknown team {team!r} (not in people.yaml)")
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        located: list[tuple[Location | None, str]] = [(Location(relpath), p) for p in problems]
        raise ValidationFailed(problems[0] + more, Location(relpath), located)


def build_task(
    ws: Workspace, title: str, taken: Callable[[str], bool], fields: Mapping[str, Any]
) -> dict[str, Any]:
    """The data of a new task, in file order; raises UsageError for fields it cannot take."""
    unknown = sorted(set(fields) - set(TASK_FIELDS))
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


def write_new_task(
    ws: Workspace, title: str, existing: set[str] | None, fields: Mapping[str, Any]
) -> dict[str, Any]:
    """Create the file and commit it (or join the open batch); returns the written data.

    ``existing`` is the set of task ids when the caller keeps one (a batch); without it a
    new id is only checked against its own path, so one create never scans 10k files.
    """
    folder: Path = ws.paths.record_dir("task")

    def taken(task_id: str) -> bool:
        return (
            task_id in existing if existing is not None else (folder / f"{task_id}.yaml").exists()
        )

    data = build_task(ws, title, taken, fields)
    path = folder / f"{data['id']}.yaml"
    relpath = f"{folder.relative_to(ws.paths.root).as_posix()}/{path.name}"
    references = [
        *sequence(data.get("depends_on")),
        *([data["parent"]] if "parent" in data else []),
    ]
    if references:
        known = existing if existing is not None else set(task_files(ws))
        for ref in references:
            if ref not in known:
                raise ValidationFailed(f"unknown task {ref!r}", Location(relpath))
    check_new_task(ws, data, relpath)
    with ws.transaction("task", "create", str(data["id"]), title) as tx:
        tx.touch_id(str(data["id"]))
        tx.write(path, emit_document(data, header=MODELINE))
    return data
