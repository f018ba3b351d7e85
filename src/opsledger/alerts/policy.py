"""``policies/alerts.yaml`` read lean (no pydantic on the hot path of one alert).

The pydantic model (``model.policies.AlertsFile``) is the contract and the validator
checks the file against it; here the same defaults are applied to the raw data, and
regexes are compiled once. A file the model would refuse raises ParseError.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from opsledger.alerts.limits import Limits
from opsledger.alerts.normal import obj, seq
from opsledger.model.durations import parse_duration
from opsledger.model.errors import ParseError
from opsledger.store.workspace import Workspace

ALERTS_FILE = "policies/alerts.yaml"
_TEMPLATE_KEYS = ("title", "description", "dedup_key", "assignee", "team", "client")


@dataclass(frozen=True)
class Rule:
    index: int
    match: tuple[tuple[str, re.Pattern[str]], ...]
    fields: dict[str, Any]  # title, description, type, priority, team, … as written
    components: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    threshold: tuple[int, timedelta] | None = None
    auto_resolve: bool = False
    drop: bool = False

    def matches(self, labels: dict[str, str]) -> bool:
        # Full match, like Alertmanager's =~ matchers: "Disk" does not match "DiskFull".
        return all(rx.fullmatch(labels.get(name, "")) for name, rx in self.match)


@dataclass(frozen=True)
class Policy:
    severity_map: dict[str, str] = field(default_factory=lambda: {})
    defaults: dict[str, Any] = field(default_factory=lambda: {})
    rules: tuple[Rule, ...] = ()
    storm: tuple[int, timedelta, tuple[str, ...]] | None = None
    flapping: tuple[int, timedelta] | None = None
    during_maintenance: str = "attach"
    generic: dict[str, dict[str, Any]] = field(default_factory=lambda: {})
    limits: Limits = field(default_factory=Limits)

    def rule_for(self, labels: dict[str, str]) -> Rule | None:
        return next((rule for rule in self.rules if rule.matches(labels)), None)


def compile_match(match: dict[str, Any], where: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    try:
        return tuple((str(k), re.compile(str(v))) for k, v in match.items())
    except re.error as exc:
        raise ParseError(f"{ALERTS_FILE}: {where}: invalid regex: {exc}") from None


def _rule(index: int, raw: dict[str, Any]) -> Rule:
    threshold = raw.get("threshold")
    return Rule(
        index=index,
        match=compile_match(obj(raw.get("match")), f"rules[{index}].match"),
        fields={k: raw[k] for k in (*_TEMPLATE_KEYS, "type", "priority") if raw.get(k) is not None},
        components=tuple(str(c) for c in seq(raw.get("components"))),
        tags=tuple(str(t) for t in seq(raw.get("tags"))),
        threshold=(int(threshold["min_occurrences"]), parse_duration(str(threshold["within"])))
        if threshold
        else None,
        auto_resolve=bool(raw.get("auto_resolve", False)),
        drop=bool(raw.get("drop", False)),
    )


def policy_from_data(data: dict[str, Any]) -> Policy:
    try:
        storm = data.get("storm")
        flapping = data.get("flapping")
        limits = obj(data.get("limits"))
        return Policy(
            severity_map={str(k): str(v) for k, v in obj(data.get("severity_map")).items()},
            defaults={
                "type": "incident",
                "dedup_key": "{{ fingerprint }}",
                **(data.get("defaults") or {}),
            },
            rules=tuple(_rule(i, obj(r)) for i, r in enumerate(seq(data.get("rules")))),
            storm=(
                int(storm["max_new"]),
                parse_duration(str(storm["within"])),
                tuple(storm.get("group_by") or ["alertname"]),
            )
            if storm
            else None,
            flapping=(int(flapping["max_transitions"]), parse_duration(str(flapping["within"])))
            if flapping
            else None,
            during_maintenance=str(data.get("during_maintenance", "attach")),
            generic={str(k): obj(v) for k, v in obj(data.get("generic")).items()},
            limits=Limits(**{k: int(v) for k, v in limits.items()}),
        )
    except ParseError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ParseError(
            f"{ALERTS_FILE}: not a valid alerts policy ({exc}); run: opsledger validate"
        ) from None


def load_policy(ws: Workspace) -> Policy:
    data, _ = ws.load_yaml(ALERTS_FILE)
    if data is None:
        return Policy(defaults={"type": "incident", "dedup_key": "{{ fingerprint }}"})
    if not isinstance(data, dict):
        raise ParseError(f"{ALERTS_FILE}: the file must hold a mapping")
    return policy_from_data(data)  # pyright: ignore[reportUnknownArgumentType]
