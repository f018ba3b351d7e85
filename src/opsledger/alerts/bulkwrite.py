"""Writing thousands of task files of one batch: every file still goes temp → fsync →
rename (DESIGN 4), but the fsyncs run concurrently, so the file system can fold them
into few journal commits (one fsync after another costs ~3 ms each here: 30 s for a
10,000-alert storm)."""

from __future__ import annotations

import os
import secrets
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from opsledger.store.atomic import fsync_directory
from opsledger.store.workspace import Transaction

_WORKERS = 16


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_many(tx: Transaction, files: list[tuple[Path, str]]) -> None:
    """Write ``files`` inside ``tx`` (restored with it on failure)."""
    temps: list[tuple[Path, Path]] = []
    try:
        for path, text in files:
            if path not in tx.originals:
                try:
                    tx.originals[path] = path.read_bytes()
                except FileNotFoundError:
                    tx.originals[path] = None
            path.parent.mkdir(parents=True, exist_ok=True)
            temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
            temp.write_bytes(text.encode("utf-8"))
            temps.append((temp, path))
        with ThreadPoolExecutor(max_workers=_WORKERS) as pool:
            list(pool.map(_fsync, [temp for temp, _ in temps]))
        for temp, path in temps:
            os.replace(temp, path)
    except BaseException:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
        raise
    for directory in {path.parent for path, _ in files}:
        fsync_directory(directory)
