"""The ``commands:`` settings of opsledger.yaml, read from the raw config (no pydantic)."""

from __future__ import annotations

from typing import Any, cast

from opsledger.model.errors import UsageError
from opsledger.shell.redact import Redactor, Rule, compile_rules
from opsledger.store.workspace import Workspace


def _settings(ws: Workspace) -> dict[str, Any]:
    value: Any = ws.config_data.get("commands") or {}
    return cast(dict[str, Any], value) if isinstance(value, dict) else {}


def inline_max(ws: Workspace) -> int:
    from opsledger.shell.outputs import parse_size  # outputs is the capture's, not add's

    raw = _settings(ws).get("inline_output_max")
    try:
        return parse_size(raw if isinstance(raw, str | int) else None)
    except ValueError as exc:
        raise UsageError(f"opsledger.yaml: commands.inline_output_max: {exc}") from None


def redaction_rules(ws: Workspace) -> list[Rule]:
    extra: Any = _settings(ws).get("redact_patterns") or []
    items: list[Any] = cast(list[Any], extra) if isinstance(extra, list) else []
    patterns = [str(p) for p in items]
    return compile_rules(patterns)


def new_redactor(rules: list[Rule]) -> Redactor:
    return Redactor(rules)
