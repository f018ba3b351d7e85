"""Writing thousands of task files of one batch: every file still goes temp → fsync →
rename (DESIGN 4), but the fsyncs run concurrently, so the file system can fold them
into few journal commits (one fsync after another costs ~3 ms each here: 30 s for a
10,000-alert storm)."""

from __future__ import annotations

import os
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from opsledger.store.atomic import fsync_directory
from opsledger.store.workspace import Transaction

_WORKERS = 16
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC


def _fsync(path: str) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_temp(temp: str, data: bytes, mode: int | None) -> None:
    fd = os.open(temp, _CREATE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if mode is not None:
            os.fchmod(fd, mode)  # a replaced file keeps its permissions, as in write_atomic
    finally:
        os.close(fd)


def write_many(tx: Transaction, files: list[tuple[Path, str]]) -> None:
    """Write ``files`` inside ``tx`` (restored with it on failure)."""
    directories = {path.parent for path, _ in files}
    for directory in directories:
        directory.mkdir(parents=True, exist_ok=True)
    payloads: list[bytes] = []
    temps: list[tuple[str, Path]] = []
    try:
        for path, text in files:
            try:
                mode: int | None = stat.S_IMODE(os.stat(path).st_mode)
            except FileNotFoundError:
                mode = None
            if path not in tx.originals:
                tx.originals[path] = path.read_bytes() if mode is not None else None
            data = text.encode("utf-8")
            temp = f"{path.parent}/.{path.name}.{os.urandom(6).hex()}.tmp"
            temps.append((temp, path))
            _write_temp(temp, data, mode)
            payloads.append(data)
        with ThreadPoolExecutor(max_workers=_WORKERS) as pool:
            # git packs the blobs in its own process while the fsyncs wait on the disk.
            packing = pool.submit(_pack, tx, payloads)
            list(pool.map(_fsync, [temp for temp, _ in temps]))
            packing.result()
        for temp, path in temps:
            os.replace(temp, path)
    except BaseException:
        for temp, _ in temps:
            Path(temp).unlink(missing_ok=True)
        raise
    for directory in directories:
        fsync_directory(directory)


def _pack(tx: Transaction, payloads: list[bytes]) -> None:
    if tx.workspace.commit_enabled:
        tx.workspace.git.pack_blobs(payloads)
