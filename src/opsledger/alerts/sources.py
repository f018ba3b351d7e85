"""Which adapter reads a payload: by name, or recognised with ``--source auto``."""

from __future__ import annotations

from typing import Any

from opsledger.alerts import (
    source_alertmanager,
    source_cloudwatch,
    source_generic,
    source_grafana,
    source_nagios,
    source_zabbix,
)
from opsledger.alerts.limits import check_alert
from opsledger.alerts.normal import Alert, Parsed, Rejected
from opsledger.alerts.policy import Policy

SOURCES = ("alertmanager", "grafana", "cloudwatch", "nagios", "zabbix", "generic")
_DETECT = (source_grafana, source_alertmanager, source_cloudwatch, source_zabbix, source_nagios)
_PARSERS = {m.NAME: m.parse for m in _DETECT}


def detect(data: Any, policy: Policy) -> str:
    for module in _DETECT:
        if module.looks_like(data):
            return module.NAME
    if policy.generic and any(source_generic.matches(m, data) for m in policy.generic.values()):
        return "generic"
    raise Rejected("cannot recognise the payload's source; name it with --source")


def parse_payload(source: str, data: Any, policy: Policy) -> tuple[str, Parsed]:
    """(the adapter used, its result), per-alert limits applied; Rejected for the whole."""
    name, _, mapping = source.partition(":")
    if name == "auto":
        name = detect(data, policy)
    if name == "generic":
        picked = source_generic.pick(policy.generic, data, mapping or None)
        parsed = source_generic.parse(data, policy.generic[picked], picked)
    elif name in _PARSERS:
        parsed = _PARSERS[name](data)
    else:
        raise Rejected(f"unknown source {source!r} (one of {', '.join(SOURCES)}, auto)")
    kept: list[Alert] = []
    for alert in parsed.alerts:
        try:
            check_alert(alert, policy.limits)
        except Rejected as exc:
            parsed.problems.append(f"{alert.fingerprint[:40]}: {exc.message}")
        else:
            kept.append(alert)
    parsed.alerts = kept
    if not parsed.alerts and parsed.problems and not parsed.notices:
        raise Rejected("; ".join(parsed.problems[:3]))
    return name, parsed
