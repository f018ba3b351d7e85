"""store/lock.py across real processes."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from opsledger.model.errors import LockTimeout
from opsledger.store.lock import ledger_lock

# Read, pause, write: without the lock, concurrent workers lose increments.
WORKER = """
import sys, time
from pathlib import Path
from opsledger.store.lock import ledger_lock
lock, counter = Path(sys.argv[1]), Path(sys.argv[2])
for _ in range(10):
    with ledger_lock(lock, timeout=60):
        value = int(counter.read_text())
        time.sleep(0.0005)
        counter.write_text(str(value + 1))
"""

HOLDER = """
import sys
from pathlib import Path
from opsledger.store.lock import ledger_lock
with ledger_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    sys.stdin.read()
"""


def start_holder(lock: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline() == "locked\n"
    return holder


def test_twenty_processes_lose_no_update(tmp_path: Path) -> None:
    lock = tmp_path / "state" / "lock"
    counter = tmp_path / "counter"
    counter.write_text("0")
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(lock), str(counter)]) for _ in range(20)
    ]
    assert [w.wait(timeout=120) for w in workers] == [0] * 20
    assert counter.read_text() == "200"


def test_lock_file_is_private_and_parents_are_created(tmp_path: Path) -> None:
    lock = tmp_path / "a" / "b" / "lock"
    with ledger_lock(lock):
        assert stat.S_IMODE(lock.stat().st_mode) == 0o600
    assert lock.exists()  # kept: removing it would race with waiters


def test_timeout_while_another_process_holds_it(tmp_path: Path) -> None:
    lock = tmp_path / "lock"
    holder = start_holder(lock)
    try:
        start = time.monotonic()
        with (
            pytest.raises(LockTimeout) as caught,
            ledger_lock(lock, timeout=0.2),
        ):
            raise AssertionError("acquired a held lock")  # pragma: no cover
        assert 0.15 < time.monotonic() - start < 2
        assert str(caught.value) == f"another opsledger process holds {lock}; waited 0.2s"
    finally:
        holder.communicate("", timeout=10)
    with ledger_lock(lock, timeout=1):
        pass


def test_waiter_gets_the_lock_when_the_holder_dies(tmp_path: Path) -> None:
    lock = tmp_path / "lock"
    holder = start_holder(lock)
    holder.kill()
    holder.communicate(timeout=10)
    with ledger_lock(lock, timeout=5):
        pass


def test_released_after_an_exception(tmp_path: Path) -> None:
    lock = tmp_path / "lock"
    with pytest.raises(RuntimeError), ledger_lock(lock):
        raise RuntimeError("boom")
    fd = os.open(lock, os.O_RDWR)
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # would raise if still held
    finally:
        os.close(fd)


def test_not_reentrant_within_one_process(tmp_path: Path) -> None:
    lock = tmp_path / "lock"
    with ledger_lock(lock), pytest.raises(LockTimeout), ledger_lock(lock, timeout=0.05):
        pass  # pragma: no cover
