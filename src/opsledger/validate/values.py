"""Defensive reads of raw file data: checks run on files that may not match the schema."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, cast


def get(data: Any, key: str) -> Any:
    """``data[key]`` when data is a mapping, else None."""
    return cast(dict[str, Any], data).get(key) if isinstance(data, dict) else None


def text(data: Any, key: str) -> str | None:
    value = get(data, key)
    return value if isinstance(value, str) else None


def texts(data: Any, key: str) -> Iterator[tuple[int, str]]:
    """(index, value) of the string items of a list field."""
    value = get(data, key)
    if isinstance(value, list):
        for index, item in enumerate(cast(list[Any], value)):
            if isinstance(item, str):
                yield index, item


def entries(data: Any, key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(index, entry) of the mapping items of a list field (commands, time, events)."""
    value = get(data, key)
    if isinstance(value, list):
        for index, item in enumerate(cast(list[Any], value)):
            if isinstance(item, dict):
                yield index, cast(dict[str, Any], item)


def mapping(data: Any, key: str) -> dict[str, Any]:
    value = get(data, key)
    return cast(dict[str, Any], value) if isinstance(value, dict) else {}


def moment(data: Any, key: str) -> datetime | None:
    """A timestamp field as an aware datetime; None when absent or malformed (OL102's job)."""
    from opsledger.model.timestamps import parse_timestamp

    value = text(data, key)
    if value is None:
        return None
    try:
        return parse_timestamp(value)
    except ValueError:
        return None
