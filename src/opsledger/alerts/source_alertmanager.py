"""Prometheus Alertmanager webhook, payload version 4.

Mapping: ``alerts[].fingerprint`` → fingerprint (a digest of the labels when absent),
``status``, ``labels``, ``annotations``, ``startsAt``/``endsAt`` (Go's zero time → none),
``labels.severity`` → severity, ``generatorURL`` and ``externalURL`` → links.
``truncatedAlerts`` > 0 (``max_alerts`` in the receiver config) becomes a notice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from opsledger.alerts.normal import (
    Alert,
    Parsed,
    Rejected,
    Status,
    as_list,
    as_object,
    digest,
    parse_time,
    text_map,
    text_of,
)

NAME = "alertmanager"


def looks_like(data: Any) -> bool:
    return (
        isinstance(data, dict) and "alerts" in data and "groupKey" in data and "orgId" not in data
    )


def parse(data: Any) -> Parsed:
    payload = as_object(data, "payload")
    return parse_group(payload, NAME)


def parse_group(payload: Mapping[str, Any], source: str) -> Parsed:
    """Shared with Grafana, whose unified alerting speaks the same group format."""
    result = Parsed()
    truncated = payload.get("truncatedAlerts")
    if isinstance(truncated, int) and not isinstance(truncated, bool) and truncated > 0:
        result.notices.append(f"{truncated} alerts truncated by the sender (max_alerts)")
    external = text_of(payload.get("externalURL"), "externalURL")
    for index, item in enumerate(as_list(payload.get("alerts"), "alerts")):
        try:
            result.alerts.append(one_alert(item, source, external))
        except Rejected as exc:
            result.problems.append(f"alerts[{index}]: {exc.message}")
    return result


def status_of(value: Any, what: str) -> Status:
    if value == "firing":
        return "firing"
    if value == "resolved":
        return "resolved"
    raise Rejected(f"{what}: expected firing or resolved")


def one_alert(item: Any, source: str, external: str | None) -> Alert:
    alert = as_object(item, "alert")
    labels = text_map(alert.get("labels"), "labels")
    if not labels:
        raise Rejected("labels: an alert needs at least one label")
    fingerprint = text_of(alert.get("fingerprint"), "fingerprint") or digest(
        *sorted(f"{k}={v}" for k, v in labels.items())
    )
    links = [
        link
        for key in ("generatorURL", "dashboardURL", "panelURL")
        if (link := text_of(alert.get(key), key))
    ]
    if external:
        links.append(external)
    return Alert(
        source=source,
        fingerprint=fingerprint,
        status=status_of(alert.get("status"), "status"),
        labels=labels,
        annotations=text_map(alert.get("annotations"), "annotations"),
        starts=parse_time(alert.get("startsAt"), "startsAt"),
        ends=parse_time(alert.get("endsAt"), "endsAt"),
        severity=labels.get("severity"),
        links=tuple(links),
    )
