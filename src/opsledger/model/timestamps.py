"""Timestamps stay strings in files; these helpers parse and write them (DESIGN 3.0)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

TIMESTAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
_TIMESTAMP_RE = re.compile(TIMESTAMP_PATTERN)
_DATE_RE = re.compile(DATE_PATTERN)
_RELATIVE_RE = re.compile(r"^([+-]?)(\d+)([smhdw])$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def load_zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown timezone {name!r}") from exc


def parse_timestamp(text: str) -> datetime:
    """Parse a file timestamp (offset required); raises ValueError."""
    if not _TIMESTAMP_RE.match(text):
        raise ValueError(f"not a timestamp: {text!r} (expected YYYY-MM-DDTHH:MM:SS+HH:MM)")
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def is_timestamp(text: str) -> bool:
    if not _TIMESTAMP_RE.match(text):
        return False
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def is_date_or_timestamp(text: str) -> bool:
    if _DATE_RE.match(text):
        try:
            date.fromisoformat(text)
        except ValueError:
            return False
        return True
    return is_timestamp(text)


def format_timestamp(moment: datetime, zone: tzinfo) -> str:
    """Seconds precision, with the offset of ``zone`` at that moment."""
    local = moment.astimezone(zone).replace(microsecond=0)
    return local.isoformat()


def parse_user_time(text: str, zone: tzinfo, now: datetime) -> datetime:
    """Parse what a person types: ``now``, ``-2h``/``+1d``, a date, or a timestamp.

    A value without an offset is read in ``zone`` (the ledger timezone).
    """
    value = text.strip()
    if value == "now":
        return now
    relative = _RELATIVE_RE.match(value)
    if relative:
        sign, count, unit = relative.groups()
        try:
            delta = timedelta(seconds=int(count) * _UNITS[unit])
            return now - delta if sign == "-" else now + delta
        except OverflowError:
            raise ValueError(f"not a time: {text!r} is beyond the calendar") from None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(
            f"not a time: {text!r} (use now, -2h, 2026-11-20 or 2026-11-20T10:15)"
        ) from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    return parsed
