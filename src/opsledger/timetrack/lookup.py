"""Which task files hold an entry id, for ``time edit ID`` and ``time rm ID``.

Every holder must be found (an id in two tasks is refused), so a hint will not do, and
reading 10k files costs ~60 ms. Where git can answer, its index vouches for the files that
did not change (``gitids.py``: git stats them on the other core). Elsewhere the folder is
scanned here: the ids of each file's ``time`` list are kept in ``cache/`` under the
file's stat key (mtime, size, inode, ctime, as ``cache.py`` and git's index do); a lookup
lists and stats every file and parses only those that changed.
Unlike the entry cache (``cache.py``, ~70 ms here after a change) it loads no other
column, keeps the listing unsorted and finds a changed file by halving the packed keys
instead of comparing them file by file: ~35 ms on 10k files, nearly all of it the
``stat`` calls. A file modified within a second of the cache being written is parsed
again (a coarse clock could hide a rewrite).

A file that cannot be parsed holds no entries here; when no file holds the id, the
caller reads every file, so that such a file reports its error.
"""

from __future__ import annotations

import marshal
import os
from array import array
from pathlib import Path
from stat import S_ISDIR, S_ISLNK
from typing import Any

from opsledger.model.errors import Conflict
from opsledger.store.atomic import save_cache
from opsledger.store.paths import RECORD_DIRS
from opsledger.store.workspace import Workspace
from opsledger.timetrack import idfile
from opsledger.timetrack.gitids import held
from opsledger.timetrack.halving import differing
from opsledger.timetrack.idfile import HAS_TIME, Parsed

__all__ = ["CACHE_NAME", "HAS_TIME", "Parsed", "holders", "scan"]

CACHE_NAME = "timetrack-ids.marshal"
_VERSION = 1
_RACY_NS = 1_000_000_000
_KEY = 4  # ints per file: mtime, size, inode, ctime (ns)
_SUFFIX = ".yaml"


def scan(base: str) -> tuple[list[str], array[int]]:
    """Every task file under ``base`` (sub-folders included; hidden files skipped), as a
    path below ``base``, with its stat key: the files of ``LedgerPaths.record_relpaths``.

    A stat by name in the open folder costs ~20 % less than one by path or through
    ``os.scandir``, and the stat a task file needs anyway tells a folder: only other
    names are looked at (``lstat``) to find sub-folders.
    """
    files: list[str] = []
    keys: array[int] = array("q")
    stack = [""]
    while stack:
        sub = stack.pop()
        try:
            names = os.listdir(os.path.join(base, sub))
            fd = os.open(os.path.join(base, sub), os.O_RDONLY)
        except OSError:
            continue  # gone since it was listed
        try:
            for name in names:
                task = name.endswith(_SUFFIX) and not name.startswith(".")
                try:
                    st = os.stat(name, dir_fd=fd, follow_symlinks=task)
                    if S_ISDIR(st.st_mode) and (
                        not task or not S_ISLNK(os.lstat(name, dir_fd=fd).st_mode)
                    ):
                        stack.append(f"{sub}{name}/")  # a folder, not a link to one
                        continue
                except OSError:
                    continue  # deleted since it was listed
                if task:
                    files.append(sub + name)
                    keys.extend((st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns))
        finally:
            os.close(fd)
    return files, keys


def _read(path: str, relpath: str) -> tuple[str | None, Parsed | None]:
    """The ids of a file's entries, one per line (None when it cannot be read), and its
    data and text when it was parsed."""
    content = idfile.read(path)
    if content is None:
        return None, None  # not recorded: read again next time
    return idfile.ids_of(content, relpath)


class _Cached:
    def __init__(self, file: Path) -> None:
        self.files: list[str] = []
        self.packed = b""
        self.ids: list[str] = []
        self.stamp = 0
        try:
            with file.open("rb") as handle:
                stamp = os.fstat(handle.fileno()).st_mtime_ns
                data: Any = marshal.loads(handle.read())
            version, files, packed, ids = data
            if not (
                version == _VERSION
                and type(packed) is bytes
                and type(files) is list
                and type(ids) is list
                and len(files) == len(ids)  # pyright: ignore[reportUnknownArgumentType]
                and len(packed) == len(files) * _KEY * 8  # pyright: ignore[reportUnknownArgumentType]
                and set(map(type, files)) | set(map(type, ids)) <= {str}  # pyright: ignore[reportUnknownArgumentType]
            ):
                return
        except (OSError, EOFError, ValueError, TypeError):
            return  # no cache, or a damaged one: every file is parsed
        self.files, self.packed, self.ids, self.stamp = files, packed, ids, stamp


def _aligned(old: _Cached, files: list[str]) -> tuple[bytes, list[str | None]]:
    """The cached keys and ids in the order of ``files`` (none for a new file)."""
    if files == old.files:
        return old.packed, list(old.ids)
    size = _KEY * 8
    where = {name: n for n, name in enumerate(old.files)}
    chunks = [old.packed[n : n + size] for n in range(0, len(old.packed), size)]
    found = [where.get(name) for name in files]
    unknown = bytes(size)  # no stat key is all zeros
    packed = b"".join(unknown if n is None else chunks[n] for n in found)
    return packed, [None if n is None else old.ids[n] for n in found]


def holders(ws: Workspace, entry_id: str) -> dict[str, tuple[Path, Parsed | None]]:
    """Task id → (file, its data and text if parsed here) of the tasks holding
    ``entry_id`` in their ``time`` list, by id."""
    folder = RECORD_DIRS["task"]
    base = str(ws.paths.root / folder)
    found = held(ws, entry_id)
    if found is None:
        found = _scanned(ws, base, entry_id)
    found.sort(key=lambda item: item[0])
    names = [sub.rsplit("/", 1)[-1] for sub, _ in found]
    if len(set(names)) < len(names):  # one task id in two folders: name both, edit neither
        paths = ", ".join(f"{folder}/{sub}" for sub, _ in found)
        raise Conflict(f"entry id {entry_id} is in several task files ({paths})")
    return {
        name[: -len(_SUFFIX)]: (Path(base, sub), parsed)
        for name, (sub, parsed) in sorted(zip(names, found, strict=True), key=lambda x: x[0])
    }


def _scanned(ws: Workspace, base: str, entry_id: str) -> list[tuple[str, Parsed | None]]:
    """The files below ``base`` holding ``entry_id``, found by the scan and its cache."""
    files, keys = scan(base)
    cache_file = ws.paths.cache / CACHE_NAME
    old = _Cached(cache_file)
    packed, ids = _aligned(old, files)
    stale = differing(memoryview(packed), memoryview(keys.tobytes()), len(files), width=_KEY * 8)
    changed = bool(stale) or len(files) != len(old.files)
    limit = old.stamp - _RACY_NS
    mtimes = keys[0::_KEY]
    if max(mtimes, default=0) >= limit:  # too recent to trust: parsed again
        stale += [n for n, mtime in enumerate(mtimes) if mtime >= limit]
    parsed: dict[int, Parsed] = {}
    folder = RECORD_DIRS["task"]
    for n in sorted(set(stale)):
        found, data = _read(os.path.join(base, files[n]), f"{folder}/{files[n]}")
        changed = changed or found != ids[n]
        ids[n] = found
        if data is not None:
            parsed[n] = data
    if changed:  # a file only too recent to trust is parsed again next time
        _write(cache_file, files, keys, ids)
    return [
        (files[n], parsed.get(n))
        for n, known in enumerate(ids)
        if known is not None and idfile.holds(known, entry_id)
    ]


def _write(file: Path, files: list[str], keys: array[int], ids: list[str | None]) -> None:
    """Replace the cache (without fsync: a damaged cache is only parsed again); files
    that could not be read are left out, so they are read next time."""
    if None in ids:
        kept = [n for n, found in enumerate(ids) if found is not None]
        packed = array("q")
        for n in kept:
            packed.extend(keys[_KEY * n : _KEY * n + _KEY])
        files, keys, ids = [files[n] for n in kept], packed, [ids[n] for n in kept]
    save_cache(file, marshal.dumps((_VERSION, files, keys.tobytes(), ids)))
