"""The shared files outside a fast run's targets, from the workspace's caches.

On the pre-commit path the config, people and inventory files are read for their data
only (references are checked against them; their own findings are not reported). The
workspace keeps that data in a stat-keyed cache (``store.workspace``), so a run need
not parse them again: on the reference corpus ``inventory.yaml`` (350 KB) was a fifth of
validating five files. A file the cache cannot give (unreadable, not a mapping, empty)
is loaded as before, with the same result as ever.
"""

from __future__ import annotations

from typing import Any

from opsledger.model.errors import OpsledgerError
from opsledger.store.paths import CONFIG_FILE
from opsledger.store.workspace import Workspace

_CACHED = {
    CONFIG_FILE: "config_data",
    "people.yaml": "people_data",
    "inventory.yaml": "inventory_data",
}


def cached_data(ws: Workspace, relpath: str) -> tuple[dict[str, Any], str] | None:
    """(data, text) of a shared file, or None to load it the usual way."""
    name = _CACHED.get(relpath)
    if name is None:
        return None
    try:
        data: dict[str, Any] = getattr(ws, name)
        text = (ws.paths.root / relpath).read_text(encoding="utf-8")
    except (OpsledgerError, OSError, UnicodeDecodeError):
        return None
    return (data, text) if data else None
