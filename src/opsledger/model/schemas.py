"""JSON Schemas (draft 2020-12) generated from the models, one per file kind."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from opsledger.model.change import Change
from opsledger.model.config import Config
from opsledger.model.inventory import Inventory
from opsledger.model.people import People
from opsledger.model.policies import (
    AlertsFile,
    BillingFile,
    CommandTemplate,
    EscalationFile,
    NotifyFile,
    OncallFile,
    SlaFile,
)
from opsledger.model.task import Task
from opsledger.model.window import Window

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# schema name -> (model, what files it describes)
KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "config": (Config, "opsledger.yaml"),
    "people": (People, "people.yaml"),
    "inventory": (Inventory, "inventory.yaml"),
    "task": (Task, "tasks/**/T-*.yaml"),
    "window": (Window, "windows/**/W-*.yaml"),
    "change": (Change, "front matter of changes/**/CHG-*.md"),
    "sla": (SlaFile, "policies/sla.yaml"),
    "escalation": (EscalationFile, "policies/escalation.yaml"),
    "oncall": (OncallFile, "policies/oncall.yaml"),
    "notify": (NotifyFile, "policies/notify.yaml"),
    "alerts": (AlertsFile, "policies/alerts.yaml"),
    "billing": (BillingFile, "policies/billing.yaml"),
    "command-template": (CommandTemplate, "templates/commands/*.yaml"),
}


def _allow_extensions(node: Any) -> None:
    """Models ignore ``x-`` keys; the schemas must accept them too."""
    if isinstance(node, dict):
        if node.get("additionalProperties") is False and "properties" in node:  # pyright: ignore[reportUnknownMemberType]
            node["patternProperties"] = {"^x-": {}}
        for value in node.values():  # pyright: ignore[reportUnknownVariableType]
            _allow_extensions(value)
    elif isinstance(node, list):
        for value in node:  # pyright: ignore[reportUnknownVariableType]
            _allow_extensions(value)


def schema_for(kind: str) -> dict[str, Any]:
    model, describes = KINDS[kind]
    schema = model.model_json_schema(mode="validation")
    _allow_extensions(schema)
    out: dict[str, Any] = {"$schema": DRAFT, "$id": f"{kind}.schema.json"}
    out.update(schema)
    out["description"] = f"opsledger {describes}"
    return out


def render(kind: str) -> str:
    return json.dumps(schema_for(kind), indent=2, sort_keys=False) + "\n"
