"""Change records — front matter of ``changes/CHG-*.md`` (DESIGN 3.3)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import Field

from opsledger.model.base import Record, RecordId, Strict, Timestamp


class ChangeType(StrEnum):
    standard = "standard"
    normal = "normal"
    emergency = "emergency"


class ChangeStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"
    approved = "approved"
    scheduled = "scheduled"
    in_progress = "in_progress"
    completed = "completed"
    failed = "failed"
    rolled_back = "rolled_back"
    cancelled = "cancelled"


class Level(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


class Approval(Strict):
    by: str
    at: Timestamp
    note: str | None = None


class Change(Record):
    type: ChangeType = ChangeType.normal
    status: ChangeStatus = ChangeStatus.draft
    risk: Level | None = None
    impact: Level | str | None = None
    window: RecordId | None = None
    tasks: list[RecordId] = Field(default_factory=list[RecordId])
    components: list[str] = Field(default_factory=list[str])
    requested_by: str | None = None
    implementer: str | None = None
    approvers: list[str] = Field(default_factory=list[str])
    approvals: list[Approval] = Field(default_factory=list[Approval])
    before: str | dict[str, Any] | None = None
    after: str | dict[str, Any] | None = None
    started_at: Timestamp | None = None
    completed_at: Timestamp | None = None
    outcome: str | None = None


CHANGE_SECTIONS = ("Summary", "Plan", "Rollback", "Verification", "Review")
