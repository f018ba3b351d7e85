"""The ``commands:`` settings of opsledger.yaml, read from the raw config (no pydantic)."""

from __future__ import annotations

from typing import Any

from opsledger.model.errors import UsageError
from opsledger.model.plain import mapping, sequence
from opsledger.shell.redact import Redactor, Rule, compile_rules
from opsledger.store.workspace import Workspace


def _settings(ws: Workspace) -> dict[str, Any]:
    return mapping(ws.config_data.get("commands"))


def inline_max(ws: Workspace) -> int:
    from opsledger.shell.outputs import parse_size  # outputs is the capture's, not add's

    raw = _settings(ws).get("inline_output_max")
    try:
        return parse_size(raw if isinstance(raw, str | int) else None)
    except ValueError as exc:
        raise UsageError(f"opsledger.yaml: commands.inline_output_max: {exc}") from None


def redaction_rules(ws: Workspace) -> list[Rule]:
    patterns = [str(p) for p in sequence(_settings(ws).get("redact_patterns"))]
    return compile_rules(patterns)


def new_redactor(rules: list[Rule]) -> Redactor:
    return Redactor(rules)
