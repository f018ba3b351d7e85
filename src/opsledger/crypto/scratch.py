"""The private folder where ``opsledger edit`` puts decrypted files.

Each run gets ``<base>/opsledger-<uid>/edit-<pid>-<random>`` (0700; base is
``$XDG_RUNTIME_DIR``, a per-user tmpfs, else the system temp dir). The run removes it on
every exit path; a run that was killed leaves it behind, so every start first removes the
folders of processes that are gone.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

from opsledger.crypto.errors import SecretError


def scratch_root(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    return Path(base) / f"opsledger-{os.getuid()}"


def private_dir(env: Mapping[str, str]) -> Path:
    """A new 0700 folder for one edit, after purging leftovers of killed runs."""
    root = scratch_root(env)
    root.mkdir(mode=0o700, exist_ok=True)
    info = root.lstat()
    # Someone else's folder (or a symlink) at our name in a shared /tmp: refuse it.
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise SecretError(f"{root} is not a folder owned by you; remove it and try again")
    if stat.S_IMODE(info.st_mode) != 0o700:
        root.chmod(0o700)
    purge_leftovers(root)
    folder = Path(tempfile.mkdtemp(prefix=f"edit-{os.getpid()}-", dir=root))
    folder.chmod(0o700)
    return folder


def purge_leftovers(root: Path) -> list[Path]:
    """Remove the edit folders whose process no longer runs; returns what was removed."""
    removed: list[Path] = []
    entries: list[Path] = list(root.iterdir()) if root.is_dir() else []
    for entry in entries:
        pid = _pid_of(entry.name)
        if pid is None or _alive(pid):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


def _pid_of(name: str) -> int | None:
    parts = name.split("-")
    if len(parts) < 3 or parts[0] != "edit" or not parts[1].isdigit():
        return None
    return int(parts[1])


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
