"""A JSON cache of the configuration files, each keyed by its own stat.

``task new`` and the read commands need opsledger.yaml, people.yaml and often
inventory.yaml on every run; re-reading them from JSON skips importing PyYAML, which is
a fifth of the budget of a whole ``task new``. The cache is derived data in ``cache/``:
safe to delete.
"""

from __future__ import annotations

import contextlib
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
    """One JSON file per configuration file (``cache/config/people.yaml.json``…), so a
    command decodes only what it reads: the inventory is most of the bytes, and ``task
    new`` without a component or ``cmd add`` never looks at it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._entries: dict[str, Any] = {}

    def _file(self, relpath: str) -> Path:
        return self.folder / (relpath.replace("/", "__") + ".json")

    def _load(self, relpath: str) -> dict[str, Any]:
        entry = self._entries.get(relpath)
        if entry is None:
            try:
                entry = mapping(json.loads(self._file(relpath).read_text(encoding="utf-8")))
            except (OSError, ValueError):
                entry = {}
            self._entries[relpath] = entry
        return entry  # pyright: ignore[reportUnknownVariableType]

    def get(self, relpath: str, path: Path) -> Any:
        """The cached data of ``path`` if its stat is unchanged, else ``_MISSING``."""
        entry = self._load(relpath)
        if entry and entry.get("stat") == _signature(path):
            return entry.get("data")
        return _MISSING

    def put(self, relpath: str, path: Path, data: Any) -> None:
        """Remember ``data`` for ``path`` as it is now; data JSON would change is dropped."""
        signature = _signature(path)
        file = self._file(relpath)
        if signature is None or not _json_safe(data):
            self._entries[relpath] = {}
            with contextlib.suppress(OSError):
                file.unlink(missing_ok=True)
            return
        entry = {"stat": signature, "data": data}
        self._entries[relpath] = entry
        try:
            if not file.parent.is_dir():
                file.parent.mkdir(parents=True)
                # The one file for all configuration of earlier versions: stale now.
                (file.parent.parent / "config.json").unlink(missing_ok=True)
            write_atomic(file, json.dumps(entry), sync_directory=False)
        except OSError:  # a read-only cache is only slower, never wrong
            pass


def is_missing(value: Any) -> bool:
    return value is _MISSING
