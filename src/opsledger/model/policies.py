"""Policy files under ``policies/`` and command templates (DESIGN 3.5, Appendix A)."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field

from opsledger.model.base import Duration, Priority, Strict, Timestamp


# --- sla.yaml -----------------------------------------------------------------
class SlaPolicy(Strict):
    match: dict[str, str] = Field(default_factory=dict[str, str])
    start_within: Duration | None = None
    resolve_within: Duration | None = None
    warn_at: int = Field(default=75, ge=1, le=100)
    calendar: str = "24x7"
    pause_on: list[str] = Field(default_factory=list[str])
    escalation: str | None = None


class SlaFile(Strict):
    policies: dict[str, SlaPolicy] = Field(default_factory=dict[str, SlaPolicy])


# --- escalation.yaml ------------------------------------------------------------
class EscalationLevel(Strict):
    after: Duration
    notify: list[str] = Field(min_length=1)


class EscalationPolicy(Strict):
    levels: list[EscalationLevel] = Field(min_length=1)
    repeat: int = Field(default=0, ge=0)


class EscalationFile(Strict):
    policies: dict[str, EscalationPolicy] = Field(default_factory=dict[str, EscalationPolicy])


# --- oncall.yaml ----------------------------------------------------------------
class Rotation(Strict):
    members: list[str] = Field(min_length=1)
    length: Duration
    handoff: str | None = None
    timezone: str | None = None
    start: Timestamp


class Override(Strict):
    rotation: str
    who: str
    start: Timestamp
    end: Timestamp
    note: str | None = None


class OncallFile(Strict):
    rotations: dict[str, Rotation] = Field(default_factory=dict[str, Rotation])
    overrides: list[Override] = Field(default_factory=list[Override])


# --- notify.yaml ----------------------------------------------------------------
class Channel(Strict):
    url: str
    description: str | None = None
    events: list[str] = Field(default_factory=list[str])


class NotifyFile(Strict):
    channels: dict[str, Channel] = Field(default_factory=dict[str, Channel])


# --- alerts.yaml ----------------------------------------------------------------
class Threshold(Strict):
    min_occurrences: int = Field(ge=1)
    within: Duration


class AlertRule(Strict):
    match: dict[str, str] = Field(default_factory=dict[str, str])
    title: str | None = None
    description: str | None = None
    type: Literal["task", "incident"] | None = None
    priority: Priority | None = None
    components: list[str] = Field(default_factory=list[str])
    tags: list[str] = Field(default_factory=list[str])
    assignee: str | None = None
    team: str | None = None
    client: str | None = None
    dedup_key: str | None = None
    threshold: Threshold | None = None
    auto_resolve: bool = False
    drop: bool = False


class AlertDefaults(Strict):
    type: Literal["task", "incident"] = "incident"
    dedup_key: str = "{{ fingerprint }}"
    priority: Priority | None = None
    team: str | None = None


class Storm(Strict):
    max_new: int = Field(ge=1)
    within: Duration
    group_by: list[str] = Field(default_factory=lambda: ["alertname"])


class Flapping(Strict):
    max_transitions: int = Field(ge=1)
    within: Duration


class GenericMapping(Strict):
    """How to read a generic JSON payload: each value is a dotted path or a template."""

    match: dict[str, str] = Field(default_factory=dict[str, str])
    alerts: str | None = None
    fingerprint: str | None = None
    status: str | None = None
    resolved_values: list[str] = Field(default_factory=lambda: ["resolved", "ok", "OK"])
    labels: dict[str, str] = Field(default_factory=dict[str, str])
    annotations: dict[str, str] = Field(default_factory=dict[str, str])
    starts_at: str | None = None
    ends_at: str | None = None
    severity: str | None = None


class AlertLimits(Strict):
    max_payload_bytes: int = Field(default=1 << 20, ge=1)
    max_labels: int = Field(default=64, ge=1)
    max_label_length: int = Field(default=1024, ge=1)
    max_depth: int = Field(default=32, ge=1)


class AlertsFile(Strict):
    severity_map: dict[str, Priority] = Field(default_factory=dict[str, Priority])
    defaults: AlertDefaults = Field(default_factory=AlertDefaults)
    rules: list[AlertRule] = Field(default_factory=list[AlertRule])
    storm: Storm | None = None
    flapping: Flapping | None = None
    during_maintenance: Literal["attach", "suppress", "open"] = "attach"
    generic: dict[str, GenericMapping] = Field(default_factory=dict[str, GenericMapping])
    limits: AlertLimits = Field(default_factory=AlertLimits)


# --- billing.yaml ---------------------------------------------------------------
class RoundingMode(StrEnum):
    up = "up"
    nearest = "nearest"
    down = "down"


class Rounding(Strict):
    increment: Duration = "1m"
    mode: RoundingMode = RoundingMode.up
    per: Literal["entry", "day", "report"] = "entry"
    minimum: Duration | None = None


class Project(Strict):
    name: str | None = None
    rates: dict[str, float] = Field(default_factory=dict[str, float])
    billable: bool = True


class Client(Strict):
    name: str | None = None
    currency: str | None = None
    projects: dict[str, Project] = Field(default_factory=dict[str, Project])
    rates: dict[str, float] = Field(default_factory=dict[str, float])
    rounding: Rounding = Field(default_factory=Rounding)
    require_project: bool = False


class Lock(Strict):
    client: str
    until: Timestamp
    note: str | None = None


class BillingFile(Strict):
    currency: str = "EUR"
    clients: dict[str, Client] = Field(default_factory=dict[str, Client])
    locks: list[Lock] = Field(default_factory=list[Lock])


# --- templates/commands/*.yaml -----------------------------------------------------
class TemplateParam(Strict):
    required: bool = False
    default: str | None = None
    description: str | None = None


class CommandTemplate(Strict):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    description: str | None = None
    params: dict[str, TemplateParam] = Field(default_factory=dict[str, TemplateParam])
    command: str = Field(min_length=1)
    tags: list[str] = Field(default_factory=list[str])


POLICY_MODELS: dict[str, type[Strict]] = {
    "sla.yaml": SlaFile,
    "escalation.yaml": EscalationFile,
    "oncall.yaml": OncallFile,
    "notify.yaml": NotifyFile,
    "alerts.yaml": AlertsFile,
    "billing.yaml": BillingFile,
}
