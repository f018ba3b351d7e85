"""The normalised alert every adapter produces, and the helpers adapters share."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from opsledger.model.errors import ParseError
from opsledger.model.plain import mapping, sequence

Status = Literal["firing", "resolved"]


@dataclass(frozen=True)
class Alert:
    source: str  # the adapter: alertmanager, grafana, cloudwatch, nagios, zabbix, generic
    fingerprint: str
    status: Status
    labels: dict[str, str]
    annotations: dict[str, str] = field(default_factory=lambda: {})
    starts: datetime | None = None  # aware, UTC
    ends: datetime | None = None
    severity: str | None = None
    links: tuple[str, ...] = ()

    @property
    def starts_utc(self) -> str:
        """The pinned form that enters a derived id: ``YYYY-MM-DDTHH:MM:SSZ``; empty until
        an alert without a start is given the time it was received."""
        return utc_text(self.starts) if self.starts else ""


@dataclass
class Parsed:
    """What one payload yielded: alerts, per-alert problems and notices (never fatal)."""

    alerts: list[Alert] = field(default_factory=lambda: [])
    problems: list[str] = field(default_factory=lambda: [])
    notices: list[str] = field(default_factory=lambda: [])


class Rejected(ParseError):
    """A payload (or one alert in it) that cannot be turned into alerts."""


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_ZERO_TIMES = ("0001-01-01T00:00:00Z", "")


def parse_time(value: Any, what: str) -> datetime | None:
    """RFC 3339 with fractions or offsets like +0000; Go's zero time and '' are None."""
    if value is None or value in _ZERO_TIMES:
        return None
    if not isinstance(value, str) or len(value) > 64:
        raise Rejected(f"{what}: not a time")
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    if len(text) >= 5 and text[-5] in "+-" and text[-4:].isdigit():
        text = f"{text[:-2]}:{text[-2:]}"  # +0000 → +00:00 (SNS, Zabbix)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise Rejected(f"{what}: not a time: {value[:40]!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if moment.year <= 1:
        return None
    return moment.astimezone(UTC).replace(microsecond=0)


def text_map(value: Any, what: str) -> dict[str, str]:
    """A JSON object of strings (numbers and booleans are taken as their text)."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise Rejected(f"{what}: expected an object")
    out: dict[str, str] = {}
    for key, item in value.items():  # pyright: ignore[reportUnknownVariableType]
        if not isinstance(key, str):
            raise Rejected(f"{what}: keys must be text")  # pragma: no cover - JSON keys are text
        if isinstance(item, bool):
            out[key] = "true" if item else "false"
        elif isinstance(item, str | int | float):
            out[key] = str(item)
        elif item is not None:
            raise Rejected(f"{what}.{key[:40]}: expected text")
    return out


def text_of(value: Any, what: str, *, required: bool = False) -> str | None:
    if value is None or value == "":
        if required:
            raise Rejected(f"{what}: missing")
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise Rejected(f"{what}: expected text")


def digest(*parts: str) -> str:
    """A stable 16-hex fingerprint for sources that do not send one."""
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def as_object(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise Rejected(f"{what}: expected a JSON object")
    return value  # pyright: ignore[reportUnknownVariableType]


def as_list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise Rejected(f"{what}: expected a list")
    return value  # pyright: ignore[reportUnknownVariableType]


# Loose data from payloads: the model's typed views, under the names alerts/ uses.
obj = mapping
seq = sequence
