"""Typed views of raw loaded data (dicts and lists from the fast loader)."""

from __future__ import annotations

from typing import Any, cast


def mapping(value: object) -> dict[str, Any]:
    """``value`` if it is a mapping, else an empty one; raw files may hold anything."""
    return cast("dict[str, Any]", value) if isinstance(value, dict) else {}


def sequence(value: object) -> list[Any]:
    return cast("list[Any]", value) if isinstance(value, list) else []
