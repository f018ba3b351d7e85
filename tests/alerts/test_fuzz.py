"""Arbitrary JSON or bytes only ever become rejections: never a crash, never a hang."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from opsledger.alerts.limits import Limits, decode_json
from opsledger.alerts.normal import Rejected
from opsledger.alerts.sources import SOURCES, parse_payload
from tests.alerts.conftest import am_alert, am_payload
from tests.alerts.test_adapters import policy

_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
)
_keys = st.sampled_from(
    [
        "alerts",
        "labels",
        "status",
        "startsAt",
        "fingerprint",
        "Type",
        "Message",
        "AlarmName",
        "NewStateValue",
        "event_id",
        "event_value",
        "macros",
        "HOSTNAME",
        "orgId",
        "groupKey",
        "checks",
        "kind",
        "name",
        "id",
    ]
) | st.text(max_size=8)
_json: Any = st.recursive(
    _scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_keys, children, max_size=6),
    max_leaves=30,
)


# Alertmanager-shaped payloads with junk inside, so accepted payloads are fuzzed too.
_am_alert = st.fixed_dictionaries(
    {
        "status": st.sampled_from(["firing", "resolved"]) | _scalars,
        "labels": st.dictionaries(st.text(max_size=8), _scalars, max_size=4),
        "startsAt": st.just("2026-11-20T09:00:00Z") | _scalars,
        "fingerprint": st.text(min_size=1, max_size=16),
    }
)
_am_shaped = st.fixed_dictionaries(
    {
        "version": st.just("4"),
        "status": st.just("firing"),
        "alerts": st.lists(_am_alert, max_size=3),
    }
)
_VALID = json.loads(am_payload(am_alert("DiskFull", fp="f00d")))


@settings(max_examples=300, deadline=None)
@example(data=_VALID, source="alertmanager")
@given(data=_json | _am_shaped, source=st.sampled_from([*SOURCES, "auto", "generic:uptime"]))
def test_every_adapter_rejects_or_accepts_arbitrary_json(data: Any, source: str) -> None:
    try:
        _, parsed = parse_payload(source, data, policy)
    except Rejected:
        return
    for alert in parsed.alerts:
        assert alert.status in ("firing", "resolved")
        assert all(isinstance(v, str) for v in alert.labels.values())


@settings(max_examples=200, deadline=None)
@given(body=st.binary(max_size=200))
def test_arbitrary_bytes_are_rejected_or_decoded(body: bytes) -> None:
    try:
        data = decode_json(body, Limits())
    except Rejected:
        return
    assert data == json.loads(body)  # what decodes is exactly the JSON that was sent
    with contextlib.suppress(Rejected):
        parse_payload("auto", data, policy)


def test_a_valid_payload_reaches_the_checks_above() -> None:
    _, parsed = parse_payload("alertmanager", _VALID, policy)
    assert [a.status for a in parsed.alerts] == ["firing"]
