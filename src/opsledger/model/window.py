"""Maintenance windows, freezes and critical operations — ``windows/W-*.yaml`` (DESIGN 3.4)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, field_validator, model_validator

from opsledger.model.base import (
    Duration,
    Priority,
    Record,
    RecordId,
    Timestamp,
)
from opsledger.model.timestamps import load_zone


class WindowKind(StrEnum):
    maintenance = "maintenance"
    freeze = "freeze"
    critical = "critical"


class Window(Record):
    created: Timestamp | None = None  # type: ignore[assignment]
    kind: WindowKind = WindowKind.maintenance
    priority: Priority = Priority.medium
    start: Timestamp
    end: Timestamp | None = None
    duration: Duration | None = None
    timezone: str | None = None
    recurrence: str | None = None
    cron: str | None = None
    until: Timestamp | None = None
    count: int | None = Field(default=None, ge=1)
    exclude: list[Timestamp] = Field(default_factory=list[Timestamp])
    components: list[str] = Field(default_factory=list[str])
    team: str | None = None
    engineers: int | None = Field(default=None, ge=0)
    change: RecordId | None = None
    tasks: list[RecordId] = Field(default_factory=list[RecordId])
    owner: str | None = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None:
            load_zone(value)
        return value

    @model_validator(mode="after")
    def _length_and_rule(self) -> Window:
        if (self.end is None) == (self.duration is None):
            raise ValueError("a window has either end or duration, not both or neither")
        if self.recurrence is not None and self.cron is not None:
            raise ValueError("a window recurs by recurrence or by cron, not both")
        if self.cron is not None and self.duration is None:
            raise ValueError("a cron window needs a duration")
        return self
