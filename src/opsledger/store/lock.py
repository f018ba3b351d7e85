"""The per-ledger writer lock (DESIGN 4): read → modify → write → commit under one flock."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Generator
from contextlib import contextmanager
from pathlib import Path

from opsledger.model.errors import LockTimeout

__all__ = ["ledger_lock"]

_FIRST_SLEEP = 0.001
_MAX_SLEEP = 0.05


@contextmanager
def ledger_lock(lock_path: Path, timeout: float = 30.0) -> Generator[None, None, None]:
    """Hold an exclusive flock on ``lock_path`` for the duration of the block.

    The lock belongs to the open file, so it is released when the process dies and works
    across processes. It is not re-entrant: opening it twice in one process waits on
    itself, which is why the caller keeps track of nesting.
    """
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        _acquire(fd, lock_path, timeout)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        # The file stays: unlinking it would let a waiter lock an orphaned inode.
        os.close(fd)


def _acquire(fd: int, lock_path: Path, timeout: float) -> None:
    # Polling instead of a blocking flock keeps the timeout without signals or threads.
    deadline = time.monotonic() + timeout
    sleep = _FIRST_SLEEP
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise LockTimeout(f"another opsledger process holds {lock_path}; waited {timeout:g}s")
        time.sleep(min(sleep, remaining))
        sleep = min(sleep * 2, _MAX_SLEEP)
