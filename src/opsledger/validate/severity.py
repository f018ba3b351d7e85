"""A finding's final severity: the check's default, then opsledger.yaml, then --strict."""

from __future__ import annotations

from typing import Any

from opsledger.store.checking import CheckSpec, Finding
from opsledger.validate.values import mapping

LEVELS = ("ignore", "warning", "error")


def configured(config_data: dict[str, Any]) -> dict[str, str]:
    """``checks:`` of opsledger.yaml, valid entries only (a bad one is a schema finding)."""
    checks = mapping(config_data, "checks")
    return {str(k): v for k, v in checks.items() if isinstance(v, str) and v in LEVELS}


def resolve(
    finding: Finding, specs: dict[str, CheckSpec], overrides: dict[str, str], strict: bool
) -> str:
    """ "ignore", "warning" or "error"."""
    spec = specs.get(finding.check)
    level: str = finding.severity or (spec.severity if spec is not None else "error")
    level = overrides.get(finding.check, level)
    if strict and level == "warning":
        return "error"
    return level
