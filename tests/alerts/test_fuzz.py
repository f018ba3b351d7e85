"""Arbitrary JSON or bytes only ever become rejections: never a crash, never a hang."""

from __future__ import annotations

import contextlib
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from opsledger.alerts.limits import Limits, decode_json
from opsledger.alerts.normal import Rejected
from opsledger.alerts.sources import SOURCES, parse_payload
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


@settings(max_examples=300, deadline=None)
@given(data=_json, source=st.sampled_from([*SOURCES, "auto", "generic:uptime"]))
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
    with contextlib.suppress(Rejected):
        parse_payload("auto", data, policy)
