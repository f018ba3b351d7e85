"""Which files feed the index, their stat, and their git blob id."""

from __future__ import annotations

import os
from pathlib import Path
from stat import S_ISDIR

# folder -> (record kind, file suffix); the inventory is one file of many records.
SOURCES = {
    "tasks": ("task", ".yaml"),
    "windows": ("window", ".yaml"),
    "changes": ("change", ".md"),
    "runbooks": ("runbook", ".md"),
}
INVENTORY = "inventory.yaml"

Stat = tuple[int, int]


def kind_of(relpath: str) -> str:
    if relpath == INVENTORY:
        return "component"
    return SOURCES[relpath.split("/", 1)[0]][0]


def indexed(relpath: str) -> bool:
    """Whether ``scan`` would list this ledger-relative path (were it a regular file)."""
    if relpath == INVENTORY:
        return True
    folder, _, rest = relpath.partition("/")
    source = SOURCES.get(folder)
    if source is None or not rest.endswith(source[1]):
        return False
    return _storable(relpath) and not any(part[:1] in (".", "") for part in rest.split("/"))


def _storable(name: str) -> bool:
    """A name that was not UTF-8 on disk (surrogate escapes) cannot go into SQLite text."""
    return name.isascii() or not any("\udc80" <= char <= "\udcff" for char in name)


def scan(root: Path) -> dict[str, Stat]:
    """Ledger-relative path -> (mtime_ns, size) of every indexed file in the work tree.

    The hot loop of every query (one stat per file): kept to the fewest calls per entry.
    """
    found: dict[str, Stat] = {}
    try:
        info = os.stat(root / INVENTORY)
        found[INVENTORY] = (info.st_mtime_ns, info.st_size)
    except FileNotFoundError:
        pass
    base = str(root) + "/"
    for folder, (_kind, suffix) in SOURCES.items():
        stack = [folder + "/"]
        while stack:
            relative = stack.pop()
            try:
                with os.scandir(base + relative) as it:
                    entries = list(it)
            except (FileNotFoundError, NotADirectoryError):
                continue
            for entry in entries:
                name = entry.name
                if name[0] == "." or not _storable(name):
                    continue
                if name.endswith(suffix):
                    try:
                        info = entry.stat()
                    except FileNotFoundError:
                        continue  # a dangling link
                    if not S_ISDIR(info.st_mode):
                        found[relative + name] = (info.st_mtime_ns, info.st_size)
                        continue
                if entry.is_dir(follow_symlinks=False):
                    stack.append(relative + name + "/")
    return found


def stat_paths(root: Path, relpaths: set[str]) -> dict[str, Stat]:
    """``scan`` for just these paths: the ones that exist as files."""
    found: dict[str, Stat] = {}
    base = str(root) + "/"
    for relpath in relpaths:
        try:
            info = os.stat(base + relpath)
        except (FileNotFoundError, NotADirectoryError):
            continue
        if not S_ISDIR(info.st_mode):
            found[relpath] = (info.st_mtime_ns, info.st_size)
    return found
