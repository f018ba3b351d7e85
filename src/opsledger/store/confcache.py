"""A JSON cache of the small configuration files, keyed by their stat.

``task new`` and the read commands need opsledger.yaml, people.yaml and inventory.yaml
on every run; re-reading them from JSON skips importing PyYAML, which is a fifth of the
budget of a whole ``task new``. The cache is derived data in ``cache/``: safe to delete.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from opsledger.model.plain import mapping
from opsledger.store.atomic import write_atomic

_MISSING = object()


def _signature(path: Path) -> list[int] | None:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return [info.st_mtime_ns, info.st_size, info.st_ino]


def _json_safe(value: Any) -> bool:
    """JSON turns non-string keys into strings; such data must not come back changed."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _json_safe(v) for k, v in value.items())  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
    if isinstance(value, list):
        return all(_json_safe(v) for v in value)  # pyright: ignore[reportUnknownVariableType]
    return value is None or isinstance(value, str | int | float | bool)


class ConfigCache:
    def __init__(self, file: Path) -> None:
        self.file = file
        self._entries: dict[str, Any] | None = None
        self._dirty = False

    def _load(self) -> dict[str, Any]:
        if self._entries is None:
            try:
                loaded = json.loads(self.file.read_text(encoding="utf-8"))
                self._entries = loaded if isinstance(loaded, dict) else {}
            except (OSError, ValueError):
                self._entries = {}
        return self._entries  # pyright: ignore[reportReturnType]

    def get(self, relpath: str, path: Path) -> Any:
        """The cached data of ``path`` if its stat is unchanged, else ``_MISSING``."""
        entry = mapping(self._load().get(relpath))
        if entry and entry.get("stat") == _signature(path):
            return entry.get("data")
        return _MISSING

    def put(self, relpath: str, path: Path, data: Any) -> None:
        signature = _signature(path)
        entries = self._load()
        if signature is not None and _json_safe(data):
            entries[relpath] = {"stat": signature, "data": data}
            self._dirty = True
        elif entries.pop(relpath, None) is not None:
            self._dirty = True

    def save(self) -> None:
        if not self._dirty or self._entries is None:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.file, json.dumps(self._entries), sync_directory=False)
        except OSError:  # a read-only cache is only slower, never wrong
            pass
        self._dirty = False


def is_missing(value: Any) -> bool:
    return value is _MISSING
