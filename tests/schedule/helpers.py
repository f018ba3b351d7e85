"""Building window specs in tests without files."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from opsledger.schedule.spec import WindowSpec, parse_window


def window(id_: str = "W-00000000", **fields: Any) -> WindowSpec:
    data: dict[str, Any] = {
        "id": id_,
        "title": fields.pop("title", id_),
        "components": ["prod/db"],
        "timezone": "Europe/Berlin",
        **fields,
    }
    spec, problems = parse_window(data, f"windows/{id_}.yaml")
    assert spec is not None and not problems, problems
    return spec


def ts(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp())


def iso(epoch: int, zone: Any) -> str:
    return datetime.fromtimestamp(epoch, zone).isoformat()
