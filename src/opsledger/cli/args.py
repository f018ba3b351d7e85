"""Parsing helpers shared by several commands."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from opsledger.model.errors import UsageError

if TYPE_CHECKING:
    from opsledger.ledger import Ledger


def parse_labels(items: tuple[str, ...]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UsageError(f"--label {item!r}: expected KEY=VALUE")
        labels[key] = value
    return labels


def parse_time_arg(ledger: Ledger, text: str, option: str) -> datetime:
    from opsledger.model.timestamps import parse_user_time

    try:
        return parse_user_time(text, ledger.ws.zone, ledger.ws.now())
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None


def parse_assignment(item: str) -> tuple[str, Any]:
    """``key.path=value``; the value is read as a YAML scalar or flow value; ``key=`` with
    nothing after it removes the key."""
    from opsledger.store.yamlio import parse_value

    key, sep, raw = item.partition("=")
    if not sep or not key.strip():
        raise UsageError(f"{item!r}: expected KEY=VALUE (e.g. priority=high, labels.env=prod)")
    if raw == "":
        return key.strip(), None
    return key.strip(), parse_value(raw)
