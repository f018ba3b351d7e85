"""What each query field means: the column it reads and how its values compare."""

from __future__ import annotations

from typing import NamedTuple

from opsledger.index.schema import DATE_COLUMNS


class Field(NamedTuple):
    name: str
    how: (
        str  # text | id | contains | priority | date | number | tag | label | component | link | is
    )
    column: str = ""
    me: bool = False  # "me" stands for the current person
    values: tuple[str, ...] = ()  # the known values, when the set is closed


PRIORITIES = ("critical", "high", "medium", "low")
# As model.base.PRIORITY_RANK, which lives beside pydantic: the lean read path avoids it.
PRIORITY_RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1}
STATUSES = (
    "open", "assigned", "in_progress", "blocked", "done", "cancelled",
    # change records
    "draft", "submitted", "approved", "scheduled", "completed", "failed", "rolled_back",
)  # fmt: skip
OPEN = ("open", "assigned", "in_progress", "blocked")
CLOSED = ("done", "cancelled")
RECORD_IS = ("open", "closed", "overdue", "blocked", "incident", "task", "recurring")
COMMAND_IS = ("failed", "ok")


def _text(name: str, *, me: bool = False, values: tuple[str, ...] = ()) -> Field:
    return Field(name, "text", name, me, values)


RECORD_FIELDS: dict[str, Field] = {
    "id": Field("id", "id", "id"),
    "title": Field("title", "contains", "title"),
    "type": _text("type"),
    "status": _text("status", values=STATUSES),
    "priority": Field("priority", "priority", "prio", values=PRIORITIES),
    "assignee": _text("assignee", me=True),
    "owner": _text("owner", me=True),
    **{n: _text(n) for n in ("team", "client", "project", "category", "resolution")},
    # References take an id prefix, like every id argument.
    **{n: Field(n, "id", n) for n in ("parent", "change", "window")},
    **{n: Field(n, "date", n + "_ts") for n in DATE_COLUMNS},
    "changed": Field("changed", "date", "changed_ts"),  # updated, else created
    "tag": Field("tag", "tag"),
    "label": Field("label", "label"),
    "component": Field("component", "component"),
    "depends_on": Field("depends_on", "link", "depends_on"),
    "is": Field("is", "is", values=RECORD_IS),
}
RECORD_ALIASES = {
    "kind": "type",
    "tags": "tag",
    "labels": "label",
    "components": "component",
    "depends": "depends_on",
    "prio": "priority",
}

COMMAND_FIELDS: dict[str, Field] = {
    "task": Field("task", "id", "task"),
    "host": _text("host"),
    "user": _text("user"),
    "cwd": _text("cwd"),
    "exit": Field("exit", "number", "exit"),
    "duration": Field("duration", "number", "duration"),
    "at": Field("at", "date", "at_ts"),
    "is": Field("is", "is", values=COMMAND_IS),
}
COMMAND_ALIASES = {"code": "exit", "on": "host"}

# --sort keys: field -> column; nulls sort last in either direction.
RECORD_SORTS = {
    "id": "id", "title": "title", "type": "type", "status": "status", "priority": "prio",
    "assignee": "assignee", "team": "team", "owner": "owner", "client": "client",
    "project": "project", "changed": "changed_ts", **{n: n + "_ts" for n in DATE_COLUMNS},
}  # fmt: skip
COMMAND_SORTS = {
    "at": "at_ts",
    "host": "host",
    "exit": "exit",
    "duration": "duration",
    "task": "task",
}
DEFAULT_SORT = {
    "task": "-priority,created",
    "window": "start",
    "change": "-created",
    "component": "id",
    "runbook": "title",
    "command": "-at",
}
