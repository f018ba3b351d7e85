"""The entry ids one task file holds, as the id lookups record them (``lookup.py``,
``gitids.py``): one id per line, ``""`` for a file that holds none or cannot be parsed.

A file that cannot be parsed holds no entries here; when no file holds the id, the caller
reads every file, so that such a file reports its error.
"""

from __future__ import annotations

import re
from typing import Any

from opsledger.model.errors import OpsledgerError
from opsledger.store.fastload import load_fast
from opsledger.timetrack.plain import as_mapping, raw_list

# A file without a top-level ``time:`` key holds no entries (flow-style documents and
# quoted keys are parsed anyway).
HAS_TIME = re.compile(r"^(?:time|\"time\"|'time')\s*:", re.MULTILINE)

# (data, text) of a file parsed here, handed on so that it is not parsed twice
Parsed = tuple[dict[str, Any], str]


def read(path: str) -> bytes | None:
    """The file's bytes; None if it cannot be read (gone, a folder, no permission)."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def ids_of(content: bytes, relpath: str) -> tuple[str, Parsed | None]:
    """The ids of the entries in ``content``, one per line, and its data and text when it
    was parsed."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return "", None
    if not HAS_TIME.search(text) and not text.lstrip().startswith("{"):
        return "", None
    try:
        data = as_mapping(load_fast(text, relpath))
    except OpsledgerError:
        return "", None
    if data is None:
        return "", None
    ids = (str(raw.get("id")) for raw in raw_list(data, "time"))
    # an id with a line break or another control character is never an entry id
    # (model.ids) and would break the separators and markers of the caches
    return "\n".join(i for i in ids if i.isprintable()), (data, text)


def holds(known: str, entry_id: str) -> bool:
    """Whether ``known`` (``ids_of``'s lines) holds ``entry_id``; the substring test first
    spares splitting the lines of every file."""
    return entry_id in known and entry_id in known.split("\n")
