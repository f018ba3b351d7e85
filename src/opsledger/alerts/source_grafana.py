"""Grafana alerting webhook (unified alerting, ``version: "1"``).

The group format of Alertmanager plus ``orgId``, ``title``, ``state`` and per-alert
``dashboardURL``/``panelURL``/``values``. Mapping as for Alertmanager; Grafana's own
``fingerprint`` is kept; dashboard and panel links become links.
"""

from __future__ import annotations

from typing import Any

from opsledger.alerts.normal import Parsed, as_object
from opsledger.alerts.source_alertmanager import parse_group

NAME = "grafana"


def looks_like(data: Any) -> bool:
    return isinstance(data, dict) and "alerts" in data and "orgId" in data


def parse(data: Any) -> Parsed:
    return parse_group(as_object(data, "payload"), NAME)
