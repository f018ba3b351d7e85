"""Tasks and incidents — ``tasks/T-*.yaml`` (DESIGN 3.1)."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from opsledger.model.base import (
    EntryId,
    Priority,
    Record,
    RecordId,
    Strict,
    Timestamp,
)


class TaskType(StrEnum):
    task = "task"
    incident = "incident"


class Status(StrEnum):
    open = "open"
    assigned = "assigned"
    in_progress = "in_progress"
    blocked = "blocked"
    done = "done"
    cancelled = "cancelled"


class SlaStamp(Strict):
    policy: str
    start_by: Timestamp | None = None
    resolve_by: Timestamp | None = None


class AlertSource(Strict):
    adapter: str
    key: str
    fingerprint: str | None = None
    labels: dict[str, str] = Field(default_factory=dict[str, str])
    first_seen: Timestamp | None = None
    last_seen: Timestamp | None = None
    occurrences: int = Field(default=1, ge=1)
    state: Literal["firing", "resolved"] = "firing"


class CommandEntry(Strict):
    id: EntryId
    at: Timestamp
    cmd: str
    exit: int | None = None
    duration: float | None = Field(default=None, ge=0)
    cwd: str | None = None
    host: str | None = None
    user: str | None = None
    output: str | None = None
    output_file: str | None = None
    interrupted: bool = False
    template: str | None = None
    redacted: dict[str, str | None] = Field(default_factory=dict[str, str | None])


class TimeEntry(Strict):
    id: EntryId
    start: Timestamp
    end: Timestamp | None = None
    minutes: int | None = Field(default=None, ge=0)
    who: str
    client: str | None = None
    project: str | None = None
    component: str | None = None
    billable: bool = True
    note: str | None = None

    @model_validator(mode="after")
    def _end_or_minutes(self) -> TimeEntry:
        if (self.end is None) == (self.minutes is None):
            raise ValueError("a time entry has either end or minutes, not both or neither")
        return self


class Event(Strict):
    """``{id, at, by, kind, ...}``: each kind carries its own extra keys."""

    model_config = ConfigDict(
        extra="allow", defer_build=True, use_enum_values=True, validate_default=True
    )

    id: EntryId
    at: Timestamp
    by: str
    kind: str = Field(min_length=1)


class Task(Record):
    type: TaskType = TaskType.task
    status: Status = Status.open
    priority: Priority = Priority.medium
    category: str | None = None
    assignee: str | None = None
    team: str | None = None
    components: list[str] = Field(default_factory=list[str])
    client: str | None = None
    project: str | None = None
    parent: RecordId | None = None
    depends_on: list[RecordId] = Field(default_factory=list[RecordId])
    change: RecordId | None = None
    window: RecordId | None = None
    due: Timestamp | None = None
    assigned_at: Timestamp | None = None
    started_at: Timestamp | None = None
    resolved_at: Timestamp | None = None
    resolution: str | None = None
    sla: SlaStamp | None = None
    source: AlertSource | None = None
    commands: list[CommandEntry] = Field(default_factory=list[CommandEntry])
    time: list[TimeEntry] = Field(default_factory=list[TimeEntry])
    events: list[Event] = Field(default_factory=list[Event])
