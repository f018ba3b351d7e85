"""Payload limits: size, nesting depth, label count and length (each a clear rejection)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from opsledger.alerts.normal import Alert, Rejected


@dataclass(frozen=True)
class Limits:
    max_payload_bytes: int = 1 << 20
    max_labels: int = 64
    max_label_length: int = 1024
    max_depth: int = 32


def decode_json(body: bytes, limits: Limits) -> Any:
    """The JSON document in ``body``, or Rejected naming the limit or the syntax error."""
    if len(body) > limits.max_payload_bytes:
        raise Rejected(
            f"payload of {len(body)} bytes exceeds the limit of {limits.max_payload_bytes}"
        )
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Rejected(f"payload is not UTF-8 (byte {exc.start})") from None
    try:
        data = json.loads(text)
    except RecursionError:
        raise Rejected(f"payload nesting is deeper than {limits.max_depth}") from None
    except ValueError as exc:
        raise Rejected(f"payload is not JSON: {str(exc)[:120]}") from None
    check_depth(data, limits.max_depth)
    return data


def check_depth(data: Any, max_depth: int) -> None:
    # Iterative on purpose: a recursive walk would itself fail on the payloads it guards.
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            if depth > max_depth:
                raise Rejected(f"payload nesting is deeper than {max_depth}")
            children: list[Any] = list(node.values()) if isinstance(node, dict) else node  # pyright: ignore[reportUnknownMemberType, reportUnknownArgumentType, reportUnknownVariableType]
            stack.extend((child, depth + 1) for child in children)  # pyright: ignore[reportUnknownVariableType]


def check_alert(alert: Alert, limits: Limits) -> None:
    for what, mapping in (("labels", alert.labels), ("annotations", alert.annotations)):
        if len(mapping) > limits.max_labels:
            raise Rejected(f"{len(mapping)} {what} exceed the limit of {limits.max_labels}")
        for key, value in mapping.items():
            if len(key) > limits.max_label_length or len(value) > limits.max_label_length:
                raise Rejected(
                    f"{what}.{key[:40]} is longer than {limits.max_label_length} characters"
                )
    if len(alert.fingerprint) > limits.max_label_length:
        raise Rejected(f"fingerprint is longer than {limits.max_label_length} characters")
