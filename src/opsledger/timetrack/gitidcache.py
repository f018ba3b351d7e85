"""The ids kept per line of git's listing of the task files (``gitids.py``), and how a
new listing lines up with the last one."""

from __future__ import annotations

import marshal
import os
from pathlib import Path
from typing import Any

from opsledger.store.atomic import save_cache
from opsledger.timetrack.halving import differing

CACHE_NAME = "timetrack-ids.git.marshal"
UNSET = "\x01"  # the ids of a line git cannot vouch for are not kept
_VERSION = 1
_LOOSE_TYPES = [int, int, int, int, str]
_FEW = 32

Loose = tuple[int, int, int, int, str]  # mtime, size, inode, ctime (ns) and the ids


class Cache:
    """Every line of the last listing and its ids (``UNSET`` where not kept), as two
    joined strings: one object each to load and to write, which a fresh process does ~5x
    faster than 10k small ones."""

    def __init__(self, file: Path) -> None:
        self.lines: list[bytes] = []
        self.ids: list[str] = []
        self.joined = ""
        self.loose: dict[str, Loose] = {}
        self.stamp = 0
        try:
            with file.open("rb") as handle:
                stamp = os.fstat(handle.fileno()).st_mtime_ns
                data: Any = marshal.loads(handle.read())
            version, count, lines, ids, loose = data
            if not (version == _VERSION and type(count) is int and type(lines) is bytes):
                return
            if not (type(ids) is str and type(loose) is dict and _loose_valid(loose)):  # pyright: ignore[reportUnknownArgumentType]
                return
        except (OSError, EOFError, ValueError, TypeError):
            return  # no cache, or a damaged one: every file is read
        split_lines, split_ids = (lines.split(b"\0"), ids.split("\0")) if count else ([], [])
        if len(split_lines) == len(split_ids) == count:
            self.lines, self.ids, self.joined = split_lines, split_ids, ids
            self.loose, self.stamp = loose, stamp

    def unset(self) -> list[int]:
        """The lines whose ids are not kept, found in the joined string at C speed."""
        found: list[int] = []
        line, at, where = 0, 0, self.joined.find(UNSET)
        while where >= 0:
            line += self.joined.count("\0", at, where)
            found.append(line)
            at, where = where, self.joined.find(UNSET, where + 1)
        return found


def _loose_valid(loose: dict[Any, Any]) -> bool:
    return all(
        type(path) is str and type(entry) is tuple and list(map(type, entry)) == _LOOSE_TYPES
        for path, entry in loose.items()
    )


def write(file: Path, lines: list[bytes], ids: list[str], loose: dict[str, Loose]) -> None:
    """Replace the cache (without fsync: a damaged cache only costs a reread)."""
    data = (_VERSION, len(lines), b"\0".join(lines), "\0".join(ids), loose)
    save_cache(file, marshal.dumps(data))


def known(old: Cache, lines: list[bytes]) -> tuple[list[str | None], list[int], bool]:
    """The kept ids of each line of the listing (None for a line not seen before), the
    lines to look at (new ones and those whose ids are not kept), and whether any line
    differs from the last listing's at its place."""
    if len(lines) == len(old.lines):  # usually a blob or two changed, no file came or went
        changed = differing(old.lines, lines, len(lines), most=_FEW)
        if len(changed) <= _FEW:
            ids: list[str | None] = list(old.ids)
            for n in changed:
                ids[n] = None
            return ids, sorted(set(changed).union(old.unset())), bool(changed)
    ids = list(map(dict(zip(old.lines, old.ids, strict=True)).get, lines))
    return ids, [n for n, found in enumerate(ids) if found is None or found == UNSET], True
