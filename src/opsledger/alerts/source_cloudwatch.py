"""AWS CloudWatch alarms delivered through SNS (HTTP/S subscription).

The SNS envelope (``Type``, ``TopicArn``, ``Message``…) carries the alarm as a JSON
*string* in ``Message``. Mapping: ``AlarmArn`` (else region + ``AlarmName``) →
fingerprint; ``NewStateValue`` ALARM → firing, OK → resolved, INSUFFICIENT_DATA → a
notice; ``StateChangeTime`` → start (or end when OK); labels ``alertname``
(``AlarmName``), ``account``, ``region``, ``namespace``, ``metric`` and one label per
dimension; ``AlarmDescription``/``NewStateReason`` → annotations; severity ``critical``
unless the alarm name says otherwise (a ``severity`` dimension wins).
A ``SubscriptionConfirmation`` is reported with its SubscribeURL and never followed:
confirming a subscription is a decision for a person.
"""

from __future__ import annotations

import json
from typing import Any

from opsledger.alerts.normal import (
    Alert,
    Parsed,
    Rejected,
    as_object,
    parse_time,
    text_of,
)

NAME = "cloudwatch"
_CONFIRMATIONS = ("SubscriptionConfirmation", "UnsubscribeConfirmation")


def looks_like(data: Any) -> bool:
    return isinstance(data, dict) and ("TopicArn" in data or "AlarmName" in data)


def parse(data: Any) -> Parsed:
    envelope = as_object(data, "payload")
    result = Parsed()
    kind = envelope.get("Type")
    if kind in _CONFIRMATIONS:
        url = text_of(envelope.get("SubscribeURL"), "SubscribeURL") or "(no SubscribeURL)"
        raise Rejected(f"SNS {kind} not followed automatically; confirm it by hand: {url[:300]}")
    if "AlarmName" in envelope:
        alarm = envelope  # the raw alarm JSON (e.g. a saved message replayed by hand)
    else:
        if kind != "Notification":
            raise Rejected("SNS envelope: Type must be Notification")
        message = envelope.get("Message")
        if not isinstance(message, str):
            raise Rejected("SNS envelope: Message must be a JSON string")
        try:
            alarm = as_object(json.loads(message), "Message")
        except (ValueError, RecursionError):
            raise Rejected("SNS Message is not JSON") from None
    state = alarm.get("NewStateValue")
    if state == "INSUFFICIENT_DATA":
        result.notices.append(
            f"{text_of(alarm.get('AlarmName'), 'AlarmName')}: INSUFFICIENT_DATA ignored"
        )
        return result
    result.alerts.append(_alarm(alarm, state))
    return result


def _alarm(alarm: Any, state: Any) -> Alert:
    if state not in ("ALARM", "OK"):
        raise Rejected("NewStateValue: expected ALARM, OK or INSUFFICIENT_DATA")
    name = text_of(alarm.get("AlarmName"), "AlarmName", required=True)
    assert name is not None
    region = text_of(alarm.get("Region"), "Region") or ""
    labels = {"alertname": name, "region": region}
    account = text_of(alarm.get("AWSAccountId"), "AWSAccountId")
    if account:
        labels["account"] = account
    trigger = alarm.get("Trigger")
    if isinstance(trigger, dict):
        for key, label in (("Namespace", "namespace"), ("MetricName", "metric")):
            if value := text_of(trigger.get(key), key):  # pyright: ignore[reportUnknownMemberType]
                labels[label] = value
        dimensions = trigger.get("Dimensions") or []  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
        for dim in dimensions if isinstance(dimensions, list) else []:  # pyright: ignore[reportUnknownVariableType]
            if isinstance(dim, dict):
                key = text_of(dim.get("name"), "Dimensions.name")  # pyright: ignore[reportUnknownMemberType]
                value = text_of(dim.get("value"), "Dimensions.value")  # pyright: ignore[reportUnknownMemberType]
                if key and value is not None:
                    labels[key] = value
    arn = text_of(alarm.get("AlarmArn"), "AlarmArn") or f"{region}:{name}"
    changed = parse_time(alarm.get("StateChangeTime"), "StateChangeTime")
    annotations = {
        key: value
        for key, field in (("description", "AlarmDescription"), ("summary", "NewStateReason"))
        if (value := text_of(alarm.get(field), field))
    }
    firing = state == "ALARM"
    return Alert(
        source=NAME,
        fingerprint=arn,
        status="firing" if firing else "resolved",
        labels=labels,
        annotations=annotations,
        starts=changed if firing else None,
        ends=None if firing else changed,
        severity=labels.get("severity", "critical"),
        links=(),
    )
