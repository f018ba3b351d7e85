from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from opsledger.store import atomic
from opsledger.store.atomic import write_atomic


def test_writes_str_as_utf8_without_newline_translation(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    write_atomic(path, "title: café\r\nx: 1\n")
    assert path.read_bytes() == "title: café\r\nx: 1\n".encode()
    write_atomic(path, b"\x00\x01")
    assert path.read_bytes() == b"\x00\x01"
    assert [p.name for p in tmp_path.iterdir()] == ["t.yaml"]


def test_new_file_mode_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.yaml", "a: 1\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.yaml").stat().st_mode) == 0o640


def test_keeps_the_mode_of_the_replaced_file_unless_told(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text("old")
    path.chmod(0o600)
    write_atomic(path, "new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    write_atomic(path, "newer", mode=0o644)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert path.read_text() == "newer"


def test_fsyncs_the_file_and_the_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[bool] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", spy)
    write_atomic(tmp_path / "f", "x")
    assert synced == [False, True]


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("old")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(path, "new")
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.yaml"]


def test_a_missing_directory_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "no" / "t.yaml", "x")


# --- kill -9 at random points --------------------------------------------------------------

VERSIONS = 4
SIZE = 2 * 1024 * 1024

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from opsledger.store.atomic import write_atomic

    path, versions, size = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    contents = [bytes([65 + n]) * size for n in range(versions)]
    n = 0
    while True:
        write_atomic(path, contents[n % versions])
        n += 1
    """
)


def test_sigkill_at_random_points_never_leaves_a_torn_file(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    complete = {bytes([65 + n]) * SIZE for n in range(VERSIONS)}
    rng = random.Random(20261121)
    for _round in range(15):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(VERSIONS), str(SIZE)],
        )
        try:
            deadline = time.monotonic() + 30
            while not path.exists():  # the first write has landed
                assert child.poll() is None, "writer died"
                assert time.monotonic() < deadline
                time.sleep(0.005)
            time.sleep(rng.uniform(0, 0.08))
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
        assert child.returncode == -signal.SIGKILL
        assert path.read_bytes() in complete
    # Killed writers leave their temp files behind; none of them ever took the real name.
    assert all(p.name.startswith(".t.yaml.") for p in tmp_path.iterdir() if p != path)


def test_replace_file_fsyncs_before_the_rename_and_leaves_the_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync-dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync")
        real_fsync(fd)

    def replace(src: str, dst: str) -> None:
        assert Path(src).parent == Path(dst).parent  # the temp file is a sibling
        assert Path(src).read_bytes() == b"complete\n"
        events.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    monkeypatch.setattr(atomic.os, "replace", replace)
    target = tmp_path / "t.yaml"
    atomic.replace_file(str(target), "complete\n", 0o600)
    assert events == ["fsync", "replace"]
    assert target.read_text() == "complete\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_save_cache_replaces_the_file_and_leaves_no_temporary_on_failure(tmp_path: Path) -> None:
    from opsledger.store.atomic import save_cache

    cache = tmp_path / "cache" / "ids.marshal"
    assert save_cache(cache, b"one") and cache.read_bytes() == b"one"
    assert save_cache(cache, b"two") and cache.read_bytes() == b"two"
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    assert not save_cache(blocked / "ids.marshal", b"three")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "file-not-folder"]
