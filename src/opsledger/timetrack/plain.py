"""Raw YAML values as the time feature reads them: mappings, lists of mappings, epochs.

Kept apart from ``entries.py`` (the ``Entry`` class) so that writing an entry imports
only these.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

# Moments whose local day exists in every timezone (year 1 to 9999 with a day to spare):
# a report turns each into a local date.
_FIRST = int(datetime(1, 1, 3, tzinfo=UTC).timestamp())
_LAST = int(datetime(9999, 12, 29, tzinfo=UTC).timestamp())


def epoch(text: str) -> int:
    """Epoch seconds of a file timestamp (offset required; ``Z`` accepted)."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"timestamp without an offset: {text!r}")
    seconds = int(moment.timestamp())
    if not _FIRST <= seconds <= _LAST:
        raise ValueError(f"timestamp too close to the ends of the calendar: {text!r}")
    return seconds


def as_mapping(value: Any) -> dict[str, Any] | None:
    """A raw YAML/JSON value as a string-keyed mapping, or None when it is not one."""
    return cast(dict[str, Any], value) if isinstance(value, dict) else None


def raw_list(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The mappings in a raw list (``time``, ``commands``); anything else is skipped."""
    items: Any = data.get(key) or []
    if not isinstance(items, list):
        return []
    return [cast(dict[str, Any], i) for i in cast(list[Any], items) if isinstance(i, dict)]
