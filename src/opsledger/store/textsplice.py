"""Setting a record's top-level ``updated:`` in its text, for the editors that splice
lines instead of round-tripping the file (commands, time entries).

Returns None for a layout it does not handle (an ``updated`` written some other way, no
plain ``created:`` line); the callers read their result back with the fast loader and
fall back to the round-trip editor.
"""

from __future__ import annotations

import re

_UPDATED = re.compile(r"^updated:[ \t]*[0-9T:+-]+Z?[ \t]*$", re.MULTILINE)
_CREATED = re.compile(r"^created:[ \t]*\S+[ \t]*\n", re.MULTILINE)


def stamp_updated(text: str, timestamp: str) -> str | None:
    """Set top-level ``updated:`` (added after ``created`` when missing)."""
    if not text.endswith("\n"):
        text += "\n"
    if _UPDATED.search(text):
        return _UPDATED.sub(f"updated: {timestamp}", text, count=1)
    if re.search(r"^updated:", text, re.MULTILINE):
        return None
    created = _CREATED.search(text)
    if created is None:
        return None
    return text[: created.end()] + f"updated: {timestamp}\n" + text[created.end() :]
