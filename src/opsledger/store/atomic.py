"""Crash-safe file replacement (DESIGN section 4: "Writes are atomic")."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path


def write_atomic(
    path: Path, data: bytes | str, *, mode: int | None = None, sync_directory: bool = True
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
    payload = data.encode("utf-8") if isinstance(data, str) else data
    directory = path.parent
    if mode is None:
        mode = _existing_mode(path)
    fd, temp = _create_temp(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            if mode is not None:
                # Set the final bits before the file becomes visible under its name.
                os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        # BaseException too: a KeyboardInterrupt must not leave a stray temp file behind.
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    if sync_directory:
        fsync_directory(directory)


def _create_temp(path: Path) -> tuple[int, Path]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        temp = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(temp, flags, 0o666), temp
        except FileExistsError:  # pragma: no cover - 48 random bits collided
            continue


def _existing_mode(path: Path) -> int | None:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return None


def fsync_directory(directory: Path) -> None:
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
