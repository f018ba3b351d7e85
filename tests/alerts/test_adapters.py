from __future__ import annotations

import json
from typing import Any

import pytest

from opsledger.alerts import source_nagios
from opsledger.alerts.limits import Limits, decode_json
from opsledger.alerts.normal import Rejected
from opsledger.alerts.policy import policy_from_data
from opsledger.alerts.sources import parse_payload
from opsledger.store.fastload import load_fast
from tests.alerts.conftest import POLICY, am_alert, am_payload

policy = policy_from_data(load_fast(POLICY, "alerts.yaml"))


def parse(source: str, data: Any) -> Any:
    return parse_payload(source, data, policy)


def test_alertmanager_maps_fields_and_reports_truncation() -> None:
    data = json.loads(
        am_payload(am_alert("DiskFull", instance="pg-07:9100", severity="warning"), truncated=5)
    )
    name, parsed = parse("auto", data)
    assert name == "alertmanager"
    [alert] = parsed.alerts
    assert alert.fingerprint == "fp-DiskFull"
    assert alert.starts_utc == "2026-11-20T09:14:12Z"
    assert alert.ends is None and alert.severity == "warning"
    assert alert.links == ("http://prometheus.example.com/graph", "http://am.example.com:9093")
    assert parsed.notices == ["5 alerts truncated by the sender (max_alerts)"]


def test_a_bad_alert_does_not_block_the_others() -> None:
    bad = {"status": "weird", "labels": {"alertname": "X"}}
    _, parsed = parse("alertmanager", json.loads(am_payload(bad, am_alert("Ok"))))
    assert [a.labels["alertname"] for a in parsed.alerts] == ["Ok"]
    assert parsed.problems == ["alerts[0]: status: expected firing or resolved"]


def test_grafana_keeps_dashboard_links() -> None:
    alert = {
        **am_alert("HighCPU"),
        "dashboardURL": "http://grafana/d/1",
        "panelURL": "http://grafana/p",
    }
    data = {"orgId": 1, "version": "1", "alerts": [alert], "status": "firing"}
    name, parsed = parse("auto", data)
    assert name == "grafana"
    assert parsed.alerts[0].links[1:] == ("http://grafana/d/1", "http://grafana/p")


def _sns(state: str, kind: str = "Notification") -> dict[str, Any]:
    alarm = {
        "AlarmName": "rds-cpu-high",
        "AWSAccountId": "123456789012",
        "NewStateValue": state,
        "NewStateReason": "Threshold crossed",
        "StateChangeTime": "2026-11-20T09:14:12.000+0000",
        "Region": "EU (Ireland)",
        "AlarmArn": "arn:aws:cloudwatch:eu-west-1:1:alarm:rds-cpu-high",
        "Trigger": {
            "MetricName": "CPUUtilization",
            "Namespace": "AWS/RDS",
            "Dimensions": [{"name": "DBInstanceIdentifier", "value": "pg-07"}],
        },
    }
    return {
        "Type": kind,
        "MessageId": "m1",
        "TopicArn": "arn:aws:sns:eu-west-1:1:ops",
        "Message": json.dumps(alarm),
        "Timestamp": "2026-11-20T09:14:13.000Z",
        "SubscribeURL": "https://sns.example.com/confirm?x=1",
    }


def test_cloudwatch_alarm_and_ok() -> None:
    name, parsed = parse("auto", _sns("ALARM"))
    assert name == "cloudwatch"
    [alert] = parsed.alerts
    assert (alert.status, alert.starts_utc) == ("firing", "2026-11-20T09:14:12Z")
    assert alert.labels["DBInstanceIdentifier"] == "pg-07"
    assert alert.labels["namespace"] == "AWS/RDS"
    _, parsed = parse("cloudwatch", _sns("OK"))
    assert parsed.alerts[0].status == "resolved"
    assert parsed.alerts[0].fingerprint == alert.fingerprint
    _, parsed = parse("cloudwatch", _sns("INSUFFICIENT_DATA"))
    assert parsed.alerts == [] and "INSUFFICIENT_DATA" in parsed.notices[0]


def test_sns_subscription_confirmation_is_reported_not_followed() -> None:
    with pytest.raises(Rejected, match=r"SubscriptionConfirmation not followed.*confirm\?x=1"):
        parse("cloudwatch", _sns("ALARM", kind="SubscriptionConfirmation"))


def test_nagios_macros_from_environment() -> None:
    env = {
        "NAGIOS_HOSTNAME": "pg-07",
        "NAGIOS_SERVICEDESC": "Disk /",
        "NAGIOS_SERVICESTATE": "CRITICAL",
        "NAGIOS_NOTIFICATIONTYPE": "PROBLEM",
        "NAGIOS_LASTSERVICESTATECHANGE": "1795425252",
        "NAGIOS_SERVICEOUTPUT": "DISK CRITICAL - 3% free",
        "PATH": "/bin",
    }
    macros = source_nagios.macros_from_env(env)
    assert "PATH" not in macros
    name, parsed = parse("auto", {"macros": macros})
    assert name == "nagios"
    [alert] = parsed.alerts
    assert alert.severity == "critical" and alert.labels["service"] == "Disk /"
    assert alert.annotations["summary"] == "DISK CRITICAL - 3% free"
    recovery = {**macros, "NOTIFICATIONTYPE": "RECOVERY", "SERVICESTATE": "OK"}
    _, parsed = parse("nagios", {"macros": recovery})
    assert parsed.alerts[0].status == "resolved"
    assert parsed.alerts[0].fingerprint == alert.fingerprint
    _, parsed = parse("nagios", {"macros": {**macros, "NOTIFICATIONTYPE": "ACKNOWLEDGEMENT"}})
    assert parsed.alerts == [] and parsed.notices
    with pytest.raises(Rejected, match="HOSTNAME"):
        parse("nagios", {"macros": {}})


def test_zabbix_problem_and_recovery() -> None:
    problem = {
        "event_id": "4711",
        "event_value": "1",
        "event_name": "High CPU on web-1",
        "host_name": "web-1",
        "event_severity": "High",
        "event_date": "2026.11.20",
        "event_time": "09:14:12",
        "event_tags": "env:prod,team:sre",
        "zabbix_url": "https://zabbix.example.com",
    }
    name, parsed = parse("auto", problem)
    assert name == "zabbix"
    [alert] = parsed.alerts
    assert (alert.severity, alert.starts_utc) == ("critical", "2026-11-20T09:14:12Z")
    assert alert.labels == {
        "env": "prod",
        "team": "sre",
        "alertname": "High CPU on web-1",
        "instance": "web-1",
    }
    recovery = {
        **problem,
        "event_value": "0",
        "event_tags": [{"tag": "env", "value": "prod"}],
        "event_recovery_date": "2026.11.20",
        "event_recovery_time": "09:30:00",
    }
    _, parsed = parse("zabbix", recovery)
    assert parsed.alerts[0].status == "resolved"
    assert parsed.alerts[0].fingerprint == "zabbix-4711"


def test_generic_mapping_paths_and_templates() -> None:
    data = {
        "kind": "uptime-robot",
        "checks": [
            {
                "id": "c1",
                "name": "SiteDown",
                "host": "shop.example.com",
                "state": "down",
                "since": "2026-11-20T09:14:12Z",
            },
            {"id": "c2", "name": "SiteDown", "host": "api.example.com", "state": "up"},
        ],
    }
    name, parsed = parse("auto", data)
    assert name == "generic"
    first, second = parsed.alerts
    assert first.labels == {"alertname": "SiteDown", "instance": "shop.example.com:443"}
    assert (first.fingerprint, first.status, second.status) == ("c1", "firing", "resolved")
    with pytest.raises(Rejected, match="no generic mapping 'nope'"):
        parse("generic:nope", data)
    with pytest.raises(Rejected, match="no generic mapping of"):
        parse("generic", {"kind": "other"})


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"x" * 2000, "exceeds the limit of 1000"),
        (b"\xff\xfe", "not UTF-8"),
        (b"{", "not JSON"),
        (b"[" * 40 + b"]" * 40, "deeper than 32"),
        (b"[" * 5000 + b"]" * 5000, "deeper than 32"),
    ],
)
def test_payload_limits(body: bytes, reason: str) -> None:
    with pytest.raises(Rejected, match=reason):
        decode_json(body, Limits(max_payload_bytes=1000 if len(body) < 5000 else 1 << 20))


def test_label_limits_reject_one_alert() -> None:
    many = {f"l{i}": "v" for i in range(70)}
    long = am_alert("Long", instance="x" * 2000)
    with pytest.raises(Rejected, match="71 labels exceed the limit of 64"):
        parse("alertmanager", json.loads(am_payload(am_alert("Many", **many))))
    _, parsed = parse("alertmanager", json.loads(am_payload(long, am_alert("Fine"))))
    assert len(parsed.alerts) == 1 and "longer than 1024" in parsed.problems[0]


def test_unknown_source_and_unrecognised_payload() -> None:
    with pytest.raises(Rejected, match="unknown source"):
        parse("pagerduty", {})
    with pytest.raises(Rejected, match="cannot recognise"):
        parse("auto", {"hello": "world"})
