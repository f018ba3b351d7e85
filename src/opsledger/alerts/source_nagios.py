"""Nagios and Icinga notification commands: macros as ``--macro K=V`` flags or the
``NAGIOS_*`` / ``ICINGA_*`` environment variables (``enable_environment_macros=1``).

The payload is ``{"macros": {"HOSTNAME": …}}`` (the CLI builds it). Mapping:
``HOSTNAME`` + ``SERVICEDESC`` → fingerprint and labels ``instance``/``service``;
``NOTIFICATIONTYPE`` RECOVERY (or state OK/UP) → resolved, PROBLEM and others → firing
(ACKNOWLEDGEMENT, FLAPPING*, DOWNTIME* are notices); ``SERVICESTATE``/``HOSTSTATE``
CRITICAL/DOWN → severity critical, WARNING → warning, UNKNOWN/UNREACHABLE → warning;
``LASTSERVICESTATECHANGE``/``LASTHOSTSTATECHANGE`` (epoch) → start, else ``TIMET``;
``SERVICEOUTPUT``/``HOSTOUTPUT`` → annotation summary, ``LONGSERVICEOUTPUT`` → description.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from opsledger.alerts.normal import Alert, Parsed, Rejected, as_object, digest, obj, text_map

NAME = "nagios"
_PREFIXES = ("NAGIOS_", "ICINGA_")
_SEVERITY = {
    "CRITICAL": "critical",
    "DOWN": "critical",
    "WARNING": "warning",
    "UNKNOWN": "warning",
    "UNREACHABLE": "warning",
}
_RESOLVED_STATES = ("OK", "UP")
_NOTICE_TYPES = (
    "ACKNOWLEDGEMENT",
    "FLAPPINGSTART",
    "FLAPPINGSTOP",
    "FLAPPINGDISABLED",
    "DOWNTIMESTART",
    "DOWNTIMEEND",
    "DOWNTIMECANCELLED",
    "CUSTOM",
)


def macros_from_env(env: Mapping[str, str]) -> dict[str, str]:
    return {
        key[len(prefix) :]: value
        for key, value in env.items()
        for prefix in _PREFIXES
        if key.startswith(prefix)
    }


def looks_like(data: Any) -> bool:
    return isinstance(obj(data).get("macros"), dict)


def _epoch(value: str | None) -> datetime | None:
    if not value or not value.strip().isdigit() or int(value) == 0 or len(value) > 12:
        return None
    return datetime.fromtimestamp(int(value), UTC)


def parse(data: Any) -> Parsed:
    macros = text_map(as_object(data, "payload").get("macros"), "macros")
    host = macros.get("HOSTNAME")
    if not host:
        raise Rejected("macros: HOSTNAME is missing")
    service = macros.get("SERVICEDESC", "")
    kind = macros.get("NOTIFICATIONTYPE", "PROBLEM").upper()
    result = Parsed()
    if kind in _NOTICE_TYPES:
        result.notices.append(f"{host} {service}: {kind} notification ignored".replace("  ", " "))
        return result
    prefix = "SERVICE" if service else "HOST"
    state = macros.get(f"{prefix}STATE", "").upper()
    resolved = kind == "RECOVERY" or state in _RESOLVED_STATES
    changed = _epoch(macros.get(f"LAST{prefix}STATECHANGE")) or _epoch(macros.get("TIMET"))
    labels = {"alertname": service or "HostDown", "instance": host}
    if service:
        labels["service"] = service
    if state:
        labels["state"] = state
    annotations = {
        key: value
        for key, macro in (("summary", f"{prefix}OUTPUT"), ("description", f"LONG{prefix}OUTPUT"))
        if (value := macros.get(macro))
    }
    result.alerts.append(
        Alert(
            source=NAME,
            fingerprint=digest(host, service),
            status="resolved" if resolved else "firing",
            labels=labels,
            annotations=annotations,
            starts=None if resolved else changed,
            ends=changed if resolved else None,
            severity=_SEVERITY.get(state, "warning"),
        )
    )
    return result
