"""Open alert-born tasks by dedup key, cached in ``cache/`` and checked by directory mtimes.

A rename (every atomic write, every checkout) changes its directory's mtime, so the
signature below notices tasks written by anyone; a stale cache is simply rebuilt.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from opsledger.alerts.normal import obj
from opsledger.model.errors import OpsledgerError
from opsledger.store.atomic import write_atomic
from opsledger.store.fastload import load_fast
from opsledger.store.workspace import Workspace

_OPEN = ("open", "assigned", "in_progress", "blocked")


def dedup_name(adapter: str, key: str) -> str:
    return f"{adapter}.{key}"


def _signature(folder: Path) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            out.append((str(current), current.stat().st_mtime_ns))
            stack.extend(
                Path(e.path) for e in os.scandir(current) if e.is_dir(follow_symlinks=False)
            )
        except FileNotFoundError:
            continue
    return sorted(out)


def _scan(ws: Workspace) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in ws.paths.iter_record_files("task"):
        try:
            text = path.read_text(encoding="utf-8")
            if "\nsource:" not in text:
                continue
            data = load_fast(text, path.name)
        except (OSError, UnicodeDecodeError, OpsledgerError):
            continue  # the validator reports broken files; they cannot dedup
        record = obj(data)
        if record.get("status", "open") not in _OPEN:
            continue
        source = obj(record.get("source"))
        if source.get("adapter") and source.get("key"):
            found[dedup_name(str(source["adapter"]), str(source["key"]))] = path.name[:-5]
    return found


class KeyIndex:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.file = ws.paths.cache / "alerts-keys.json"
        self.folder = ws.paths.record_dir("task")
        self.keys = self._load()

    def _load(self) -> dict[str, str]:
        signature = _signature(self.folder)
        try:
            cached = json.loads(self.file.read_text(encoding="utf-8"))
            if [tuple(x) for x in cached["signature"]] == signature:  # pyright: ignore[reportUnknownArgumentType, reportUnknownVariableType]
                return {str(k): str(v) for k, v in obj(cached["keys"]).items()}
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return _scan(self.ws)

    def get(self, name: str) -> str | None:
        return self.keys.get(name)

    def put(self, name: str, task_id: str) -> None:
        self.keys[name] = task_id

    def drop(self, name: str) -> None:
        self.keys.pop(name, None)

    def save(self) -> None:
        """After the batch's files are written: the new mtimes belong to this content."""
        payload = {"signature": _signature(self.folder), "keys": self.keys}
        self.file.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.file, json.dumps(payload, separators=(",", ":")), sync_directory=False)
