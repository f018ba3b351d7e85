"""Crash-safe file replacement (DESIGN section 4: "Writes are atomic")."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def write_atomic(
    path: Path | str,
    data: bytes | str,
    *,
    mode: int | None = None,
    sync_directory: bool = True,
) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file.

    The data goes to a temporary file in the same directory (``os.replace`` is atomic only
    within one file system), is flushed and fsynced, renamed over ``path``, and then the
    directory is fsynced so the rename itself survives a power loss. ``mode`` defaults to
    the permission bits of the file being replaced; a new file gets 0666 less the umask,
    like any other program's. ``str`` data is written as UTF-8, newlines untranslated.
    ``sync_directory=False`` leaves the directory fsync to the caller, who then calls
    ``fsync_directory`` once for many files (a batch of a thousand new tasks).
    """
    target = os.fspath(path)
    replace_file(target, data, _existing_mode(target) if mode is None else mode)
    if sync_directory:
        fsync_directory(os.path.dirname(target) or ".")


def save_cache(path: Path, data: bytes) -> bool:
    """Replace a cache file, without the fsyncs of ``write_atomic``: after a crash a cache
    is at worst unreadable or old, and then rebuilt. False when it could not be written
    (a cache that cannot be written only costs time); no temporary file is left then."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(data)
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        return False
    return True


def replace_file(target: str, data: bytes | str, mode: int | None) -> None:
    """``write_atomic`` without the directory fsync, for a caller that already knows the
    mode to give (None: the umask's). Plain ``os`` calls on strings: a batch writes
    thousands of files, and ``Path`` objects and buffered file objects cost more than the
    system calls themselves."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, temp = _create_temp(target)
    try:
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            if mode is not None:
                # Set the final bits before the file becomes visible under its name.
                os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except BaseException:
        # BaseException too: a KeyboardInterrupt must not leave a stray temp file behind.
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _create_temp(target: str) -> tuple[int, str]:
    directory, name = os.path.split(target)
    prefix = os.path.join(directory, "." + name)
    while True:
        temp = f"{prefix}.{os.urandom(6).hex()}.tmp"
        try:
            return os.open(temp, _CREATE, 0o666), temp
        except FileExistsError:  # pragma: no cover - 48 random bits collided
            continue


def _existing_mode(path: str) -> int | None:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return None


def fsync_directory(directory: Path | str) -> None:
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(directory, flags)
    except OSError:  # pragma: no cover - platforms that cannot open directories
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on directories
        pass
    finally:
        os.close(fd)
