"""The small parts of alert processing, each on its own: times, text, hosts, policy,
limits, rejected payloads, the task being edited."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from opsledger.alerts import rejected
from opsledger.alerts.hostname import host, inventory_lookup
from opsledger.alerts.limits import Limits, check_alert
from opsledger.alerts.normal import Alert, Rejected, parse_time, text_map, text_of
from opsledger.alerts.policy import load_policy, policy_from_data
from opsledger.alerts.rules import plan
from opsledger.alerts.sources import parse_payload
from opsledger.alerts.target import Target
from opsledger.ledger import Ledger
from opsledger.model.errors import NotFound, ParseError
from opsledger.store.fastload import load_fast
from tests.alerts.conftest import POLICY, am_alert, am_payload

policy = policy_from_data(load_fast(POLICY, "alerts.yaml"))
PEOPLE: dict[str, Any] = {"people": {"olivia": {"teams": ["dba"]}}, "bots": {"ci": {}}}


def alert(**labels: str) -> Alert:
    return Alert("alertmanager", "fp1", "firing", labels, severity=labels.get("severity"))


# --- times and text ---------------------------------------------------------------------
def test_times_from_senders() -> None:
    assert parse_time("2026-11-20T09:14:12", "t") == datetime(2026, 11, 20, 9, 14, 12, tzinfo=UTC)
    assert parse_time("2026-11-20T10:14:12.5+0100", "t") == datetime(
        2026, 11, 20, 9, 14, 12, tzinfo=UTC
    )
    assert parse_time("0001-01-01T00:00:00+00:00", "t") is None  # Go's zero time, offset form
    with pytest.raises(Rejected, match=r"t: not a time$"):
        parse_time(1700000000, "t")
    with pytest.raises(Rejected, match="t: not a time: 'yesterday'"):
        parse_time("yesterday", "t")
    assert alert().starts_utc == ""  # no start yet: the batch gives it the receipt time


def test_text_values() -> None:
    assert text_map({"a": True, "b": False, "c": 3, "d": None}, "labels") == {
        "a": "true",
        "b": "false",
        "c": "3",
    }
    with pytest.raises(Rejected, match=r"labels\.a: expected text"):
        text_map({"a": {"nested": 1}}, "labels")
    assert text_map(None, "labels") == {}
    with pytest.raises(Rejected, match="labels: expected an object"):
        text_map(["a"], "labels")
    assert text_of(True, "x") == "true"
    with pytest.raises(Rejected, match="x: expected text"):
        text_of(["a"], "x")
    with pytest.raises(Rejected, match="x: missing"):
        text_of("", "x", required=True)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("[2001:db8::7]:9100", "2001:db8::7"),
        ("https://user@PG-07.example.com:9187/metrics", "pg-07.example.com"),
        ("2001:db8::7", "2001:db8::7"),  # a bare v6 address keeps its colons
    ],
)
def test_host(value: str, expected: str) -> None:
    assert host(value) == expected


def test_inventory_lookup() -> None:
    known = ["aws/eu-west-1/prod/db/pg-07", "aws/eu-west-1/prod/db/pg-08"]
    assert inventory_lookup("  /  ", known) is None
    assert inventory_lookup("aws/eu-west-1/prod/db", known) == "aws/eu-west-1/prod/db"
    assert inventory_lookup("pg-07.db.example.com", known) == "aws/eu-west-1/prod/db/pg-07"
    assert inventory_lookup("pg", known) is None


# --- policy ------------------------------------------------------------------------------
def test_policy_errors_name_the_file() -> None:
    with pytest.raises(ParseError, match=r"rules\[0\]\.match: invalid regex"):
        policy_from_data({"rules": [{"match": {"alertname": "Disk(.*"}}]})
    with pytest.raises(ParseError, match=r"not a valid alerts policy .*run: opsledger validate"):
        policy_from_data({"storm": {"within": "5m"}})


def test_policy_file_missing_or_not_a_mapping(alert_ledger: Path) -> None:
    ws = Ledger.open(alert_ledger).ws
    (alert_ledger / "policies" / "alerts.yaml").unlink()
    default = load_policy(ws)
    assert (default.rules, default.storm, default.during_maintenance) == ((), None, "attach")
    assert default.defaults == {"type": "incident", "dedup_key": "{{ fingerprint }}"}
    (alert_ledger / "policies" / "alerts.yaml").write_text("- a list\n", encoding="utf-8")
    with pytest.raises(ParseError, match="the file must hold a mapping"):
        load_policy(Ledger.open(alert_ledger).ws)


# --- rules -------------------------------------------------------------------------------
def test_rule_priority_people_and_full_templates() -> None:
    rules = policy_from_data(
        {
            "severity_map": {"critical": "critical"},
            "rules": [
                {
                    "match": {"alertname": "Lag"},
                    "priority": "low",
                    "assignee": "{{ labels.owner }}",
                    "title": "{{ labels.alertname | lower }} {{ labels.db | default('?') }}",
                    "description": "{% if labels.owner %}owner: {{ labels.owner }}{% endif %}",
                }
            ],
        }
    )
    known = plan(alert(alertname="Lag", owner="olivia", severity="critical"), rules, [], PEOPLE)
    assert known.fields["priority"] == "low"  # the rule's priority beats the severity map
    assert known.fields["assignee"] == "olivia"
    assert known.fields["title"] == "lag ?"  # not a simple form: the sandbox renders it
    assert known.fields["description"] == "owner: olivia"  # statements too
    stranger = plan(alert(alertname="Lag", owner="mallory"), rules, [], PEOPLE)
    assert "assignee" not in stranger.fields
    assert stranger.notices == ["fp1: assignee 'mallory' is not in people.yaml"]


# --- limits and rejected payloads --------------------------------------------------------
def test_fingerprint_length_is_limited() -> None:
    long = Alert("alertmanager", "f" * 20, "firing", {"alertname": "X"})
    with pytest.raises(Rejected, match="fingerprint is longer than 10 characters"):
        check_alert(long, Limits(max_label_length=10))


def test_binary_payloads_are_kept_exactly(alert_ledger: Path) -> None:
    ws = Ledger.open(alert_ledger).ws
    body = b"\xff\xfe not utf-8"
    rid = rejected.store(ws, "auto", body, "not UTF-8", datetime(2026, 11, 20, tzinfo=UTC))
    assert rid.startswith("20261120T000000Z-")
    assert rejected.body_of(rejected.load(ws, rid)) == body
    (rejected.folder(ws) / "broken.json").write_text("{", encoding="utf-8")  # skipped
    assert [e["id"] for e in rejected.listing(ws)] == [rid]
    rejected.remove(ws, rid)
    with pytest.raises(NotFound, match="no rejected payload matches"):
        rejected.load(ws, rid)


# --- adapters: what each rejects ---------------------------------------------------------
def parse(source: str, data: Any) -> Any:
    return parse_payload(source, data, policy)


def test_payloads_that_are_no_object() -> None:
    with pytest.raises(Rejected, match="expected a JSON object"):
        parse("alertmanager", ["not", "an", "object"])


def test_generic_mapping_chosen_by_name() -> None:
    data = {"kind": "not-matching", "checks": [{"id": "c1", "name": "Down", "host": "h"}]}
    name, parsed = parse("generic:uptime", data)  # named: its match is not needed
    assert name == "generic" and [a.fingerprint for a in parsed.alerts] == ["c1"]


def test_alertmanager_alert_without_labels() -> None:
    bare = am_alert("X")
    bare["labels"] = {}
    _, parsed = parse("alertmanager", json.loads(am_payload(bare, am_alert("Y"))))
    assert [a.labels["alertname"] for a in parsed.alerts] == ["Y"]
    assert parsed.problems == ["alerts[0]: labels: an alert needs at least one label"]


@pytest.mark.parametrize(
    ("envelope", "reason"),
    [
        ({"TopicArn": "t", "Type": "Weird"}, "Type must be Notification"),
        ({"TopicArn": "t", "Type": "Notification", "Message": 3}, "must be a JSON string"),
        ({"TopicArn": "t", "Type": "Notification", "Message": "{"}, "Message is not JSON"),
    ],
)
def test_cloudwatch_envelopes_that_cannot_be_read(envelope: dict[str, Any], reason: str) -> None:
    with pytest.raises(Rejected, match=reason):
        parse("cloudwatch", envelope)


def test_cloudwatch_raw_alarm_and_unknown_state() -> None:
    alarm = {"AlarmName": "cpu", "NewStateValue": "ALARM", "AlarmArn": "arn:1"}
    _, parsed = parse("cloudwatch", alarm)  # a saved Message replayed without its envelope
    assert [(a.labels["alertname"], a.status) for a in parsed.alerts] == [("cpu", "firing")]
    with pytest.raises(Rejected, match="NewStateValue: expected ALARM, OK"):
        parse("cloudwatch", {**alarm, "NewStateValue": "MAYBE"})


def test_generic_list_indexes_and_template_errors() -> None:
    mapping = {
        "match": {"kind": "y"},
        "labels": {"alertname": "checks.1.name", "instance": "{{ item.checks[0].host }}"},
    }
    custom = policy_from_data({"generic": {"y": mapping}})
    data = {"kind": "y", "checks": [{"host": "h1"}, {"name": "Second"}]}
    _, parsed = parse_payload("generic", data, custom)
    assert parsed.alerts[0].labels == {"alertname": "Second", "instance": "h1"}
    with pytest.raises(Rejected, match=r"labels\.instance: "):
        parse_payload("generic", {"kind": "y", "checks": []}, custom)


def test_generic_items_without_labels_or_with_missing_paths() -> None:
    mapping = {"match": {"kind": "x"}, "alerts": "items", "labels": {"alertname": "who.name"}}
    custom = policy_from_data({"generic": {"x": mapping}})
    data = {"kind": "x", "items": [{"who": {"name": "N"}}, {"who": "text"}]}
    _, parsed = parse_payload("generic", data, custom)
    assert [a.labels for a in parsed.alerts] == [{"alertname": "N"}]
    # "who" of the second is text, so who.name leads nowhere: nothing to label it with
    assert parsed.problems == ["alerts[1]: the mapping yields no labels for this alert"]


def test_zabbix_unexpanded_macros_and_bad_values() -> None:
    base = {"event_id": "7", "event_name": "Disk", "host_name": "pg-07", "event_value": "1"}
    _, parsed = parse("zabbix", {**base, "event_date": "{EVENT.DATE}", "event_time": "1:2:3"})
    assert parsed.alerts[0].starts is None  # an unexpanded macro is no time
    with pytest.raises(Rejected, match="event_value: expected 1"):
        parse("zabbix", {**base, "event_value": "2"})


# --- the task being edited ---------------------------------------------------------------
def test_target_on_new_data() -> None:
    target = Target("T-1", Path("T-1.yaml"), data={"id": "T-1"})
    assert target.get(["source", "state"], "none") == "none"
    target.set(["labels", "flapping"], "true")
    target.append(["events"], {"kind": "a"})
    target.append(["events"], {"kind": "b"})
    assert target.data == {
        "id": "T-1",
        "labels": {"flapping": "true"},
        "events": [{"kind": "a"}, {"kind": "b"}],
    }
