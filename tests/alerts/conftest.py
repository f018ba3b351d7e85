"""Alert tests reuse the real-ledger fixtures of the CLI tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import ledger_dir, run  # noqa: F401  (fixtures)
from tests.helpers import git

POLICY = """severity_map: {critical: critical, warning: high, info: low}
defaults: {type: incident, dedup_key: "{{ fingerprint }}", team: sre}
rules:
  - match: {alertname: Watchdog}
    drop: true
  - match: {alertname: "Disk.*"}
    title: "{{ labels.alertname }} on {{ labels.instance | host }}"
    components: ["{{ labels.instance | host }}"]
    tags: [disk]
    threshold: {min_occurrences: 3, within: 10m}
  - match: {alertname: "Replication.*"}
    title: "{{ labels.alertname }} on {{ labels.instance }}"
    team: dba
    auto_resolve: true
  - match: {alertname: "Cert"}
    type: task
    dedup_key: "cert:{{ labels.instance }}"
    title: "{{ labels.missing_label }}"
storm: {max_new: 3, within: 5m, group_by: [alertname]}
flapping: {max_transitions: 2, within: 1h}
generic:
  uptime:
    match: {kind: "uptime-.*"}
    alerts: checks
    fingerprint: id
    status: state
    resolved_values: [up]
    labels: {alertname: "name", instance: "{{ item.host }}:443"}
    starts_at: since
"""


def am_alert(
    name: str,
    status: str = "firing",
    fp: str | None = None,
    starts: str = "2026-11-20T09:14:12.345Z",
    **labels: str,
) -> dict[str, Any]:
    return {
        "status": status,
        "labels": {"alertname": name, **labels},
        "annotations": {"summary": f"{name} happened"},
        "startsAt": starts,
        "endsAt": "2026-11-20T10:14:12Z" if status == "resolved" else "0001-01-01T00:00:00Z",
        "generatorURL": "http://prometheus.example.com/graph",
        "fingerprint": fp or f"fp-{name}",
    }


def am_payload(*alerts: dict[str, Any], truncated: int = 0) -> bytes:
    return json.dumps(
        {
            "version": "4",
            "groupKey": "{}:{}",
            "truncatedAlerts": truncated,
            "status": "firing",
            "receiver": "opsledger",
            "groupLabels": {},
            "commonLabels": {},
            "commonAnnotations": {},
            "externalURL": "http://am.example.com:9093",
            "alerts": list(alerts),
        }
    ).encode()


@pytest.fixture
def alert_ledger(ledger_dir: Path) -> Path:  # noqa: F811
    (ledger_dir / "policies").mkdir(exist_ok=True)
    (ledger_dir / "policies" / "alerts.yaml").write_text(POLICY, encoding="utf-8")
    git(ledger_dir, "add", "policies/alerts.yaml")
    git(ledger_dir, "commit", "-q", "-m", "alerts policy")
    return ledger_dir
