"""Zabbix webhook media type (the parameters of docs/alerts.md, sent as JSON).

Mapping: ``event_id`` ({EVENT.ID}, the problem's id also in recovery messages) →
fingerprint; ``event_value`` 1 → firing, 0 → resolved (or ``event_status``
PROBLEM/RESOLVED); ``event_name``/``trigger_name`` → alertname; ``host_name`` → instance;
``event_severity``/``event_nseverity`` → severity (Disaster, High → critical; Average,
Warning → warning; Information, Not classified → info); ``event_date`` + ``event_time``
(Zabbix's ``2026.11.20`` and ``10:15:00``, UTC on the Zabbix side as configured) → start;
``event_recovery_date`` + ``event_recovery_time`` → end; ``event_tags`` (a list of
``{tag, value}`` or the text ``a:b,c:d``) → labels; ``zabbix_url`` → link.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from opsledger.alerts.normal import Alert, Parsed, Rejected, as_object, parse_time, text_of

NAME = "zabbix"
_SEVERITY = {
    "disaster": "critical",
    "high": "critical",
    "average": "warning",
    "warning": "warning",
    "information": "info",
    "not classified": "info",
    "5": "critical",
    "4": "critical",
    "3": "warning",
    "2": "warning",
    "1": "info",
    "0": "info",
}


def looks_like(data: Any) -> bool:
    return isinstance(data, dict) and "event_id" in data


def _when(payload: Mapping[str, Any], date_key: str, time_key: str) -> datetime | None:
    day = text_of(payload.get(date_key), date_key)
    clock = text_of(payload.get(time_key), time_key)
    if not day or not clock or day.startswith("{"):  # an unexpanded {EVENT.RECOVERY.DATE}
        return None
    return parse_time(f"{day.replace('.', '-')}T{clock}Z", date_key)


def _tags(value: Any) -> dict[str, str]:
    tags: dict[str, str] = {}
    if isinstance(value, list):
        for item in value:  # pyright: ignore[reportUnknownVariableType]
            if isinstance(item, dict) and isinstance(item.get("tag"), str):  # pyright: ignore[reportUnknownMemberType]
                tags[str(item["tag"])] = text_of(item.get("value"), "event_tags.value") or ""  # pyright: ignore[reportUnknownMemberType, reportUnknownArgumentType]
    elif isinstance(value, str) and not value.startswith("{"):
        for part in value.split(","):
            key, _, val = part.partition(":")
            if key.strip():
                tags[key.strip()] = val.strip()
    return tags


def parse(data: Any) -> Parsed:
    payload = as_object(data, "payload")
    event_id = text_of(payload.get("event_id"), "event_id", required=True)
    assert event_id is not None
    value = text_of(payload.get("event_value"), "event_value")
    status = (text_of(payload.get("event_status"), "event_status") or "").upper()
    if value not in ("0", "1", None) or status not in ("", "PROBLEM", "RESOLVED"):
        raise Rejected("event_value: expected 1 (problem) or 0 (recovery)")
    resolved = value == "0" or status == "RESOLVED"
    name = text_of(payload.get("event_name"), "event_name") or text_of(
        payload.get("trigger_name"), "trigger_name", required=True
    )
    assert name is not None
    labels = {**_tags(payload.get("event_tags")), "alertname": name}
    if host := text_of(payload.get("host_name"), "host_name"):
        labels["instance"] = host
    raw_severity = text_of(payload.get("event_severity"), "event_severity") or text_of(
        payload.get("event_nseverity"), "event_nseverity"
    )
    severity = _SEVERITY.get((raw_severity or "").lower(), "warning")
    annotations = (
        {"summary": s} if (s := text_of(payload.get("alert_message"), "alert_message")) else {}
    )
    link = text_of(payload.get("zabbix_url"), "zabbix_url")
    result = Parsed()
    result.alerts.append(
        Alert(
            source=NAME,
            fingerprint=f"zabbix-{event_id}",
            status="resolved" if resolved else "firing",
            labels=labels,
            annotations=annotations,
            starts=_when(payload, "event_date", "event_time"),
            ends=_when(payload, "event_recovery_date", "event_recovery_time") if resolved else None,
            severity=severity,
            links=(link,) if link else (),
        )
    )
    return result
