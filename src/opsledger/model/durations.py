"""Durations written as ``1w2d3h4m5s`` (DESIGN 3.0)."""

from __future__ import annotations

import re
from datetime import timedelta

DURATION_PATTERN = r"^(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?$"
_DURATION_RE = re.compile(DURATION_PATTERN)
_UNIT_SECONDS = (7 * 86400, 86400, 3600, 60, 1)


def parse_duration(text: str) -> timedelta:
    """Parse ``2h30m``; raises ValueError on anything else, including the empty string."""
    match = _DURATION_RE.match(text.strip())
    if match is None or not text.strip():
        raise ValueError(f"not a duration: {text!r} (expected e.g. 1w2d3h4m5s)")
    seconds = 0
    for group, unit in zip(match.groups(), _UNIT_SECONDS, strict=True):
        if group:
            seconds += int(group[:-1]) * unit
    return timedelta(seconds=seconds)


def format_duration(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    if seconds <= 0:
        return "0s"
    parts: list[str] = []
    for suffix, unit in zip("wdhms", _UNIT_SECONDS, strict=True):
        count, seconds = divmod(seconds, unit)
        if count:
            parts.append(f"{count}{suffix}")
    return "".join(parts)
