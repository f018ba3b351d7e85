"""``inventory.yaml``: components as a flat map keyed by full path (DESIGN 3.2)."""

from __future__ import annotations

from pydantic import Field

from opsledger.model.base import DateOrTimestamp, Strict


class Component(Strict):
    kind: str | None = None
    provider: str | None = None
    env: str | None = None
    owner: str | None = None
    client: str | None = None
    criticality: str | None = None
    tags: list[str] = Field(default_factory=list[str])
    labels: dict[str, str] = Field(default_factory=dict[str, str])
    description: str | None = None
    decommissioned: DateOrTimestamp | None = None


class Inventory(Strict):
    components: dict[str, Component] = Field(default_factory=dict[str, Component])
