"""Every time entry of the ledger, with a per-file cache so a report rereads only what changed.

Parsing a task file costs 0.1–0.8 ms even with the fast loader, and a ledger holds
thousands; entries are cached under ``cache/`` (derived, safe to delete) keyed by the
file's mtime, size, inode and ctime, as git's index does. A file modified within a second
of the cache being written is not trusted (a coarse file-system clock could hide a
rewrite). A cache file's shape is checked on load (``cachecheck.py``).

The entries are kept as columns (``table.py``), each file owning a run of rows: with
nothing changed the table is used as loaded (~40 ms for 100k entries); a changed file's
run is replaced by a fresh parse. The cache is split in ``SHARDS`` files by a hash of the
file's path, so one changed file rewrites a sixteenth of it: the whole is ~11 MB at 100k
entries, and writing it was a tenth of a report.
"""

from __future__ import annotations

import marshal
import os
import zlib
from array import array
from contextlib import suppress
from pathlib import Path
from typing import Any, NamedTuple, cast

from opsledger.model.errors import OpsledgerError
from opsledger.store.atomic import save_cache
from opsledger.store.fastload import load_fast
from opsledger.store.workspace import Workspace
from opsledger.timetrack.cachecheck import KEY, sound
from opsledger.timetrack.entries import Entry, as_mapping, entries_of_task
from opsledger.timetrack.listing import SUFFIX, Titles
from opsledger.timetrack.lookup import HAS_TIME
from opsledger.timetrack.table import EntryTable

_VERSION = 7
SHARDS = 16
CACHE_NAME = "timetrack-entries.{}.marshal"  # one per shard
_UNSHARDED = "timetrack-entries.marshal"  # the cache before shards: removed on a rebuild
_RACY_NS = 1_000_000_000


def parse_file(path: Path, relpath: str) -> tuple[str, list[Entry]] | None:
    """(title, entries) of one task file; a file that is not a task holds none, one that
    cannot be read (None) is not cached: it is read again next time."""
    task_id = path.name[: -len(SUFFIX)]
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    except UnicodeDecodeError:
        return "", []
    if not HAS_TIME.search(text) and not text.lstrip().startswith("{"):
        return "", []
    try:
        data = load_fast(text, relpath)
    except OpsledgerError:
        return "", []
    task = as_mapping(data)
    if task is None:
        return "", []
    return str(task.get("title", "")), entries_of_task(task, task_id)


class _Cached:
    """The previous cache: per file its stat key, title and run of rows."""

    def __init__(self, data: dict[str, Any] | None, stamp: int) -> None:
        self.stamp = stamp
        self.files: list[str] = data["files"] if data else []
        # (mtime, size, inode, ctime) of every file, flat, as packed int64: 10k lists of
        # big ints cost half of the whole load
        self.packed: bytes = data["keys"] if data else b""
        self.flat = array("q")
        if len(self.packed) % self.flat.itemsize == 0:
            self.flat.frombytes(self.packed)
        self.titles: list[str] = data["titles"] if data else []
        self.counts: list[int] = data["counts"] if data else []
        prints = array("q")
        if data:
            prints.frombytes(data["prints"])
        self.table = EntryTable.of_columns(data["cols"], prints) if data else EntryTable()
        self.table.origin = str(data.get("gen")) if data else None
        self.where: dict[str, int] | None = None
        self.offsets: list[int] = []

    def key(self, n: int) -> list[int]:
        return list(self.flat[KEY * n : KEY * n + KEY])

    def find(self, relpath: str) -> int | None:
        if self.where is None:
            self.where = {name: n for n, name in enumerate(self.files)}
            total = 0
            for count in self.counts:
                self.offsets.append(total)
                total += count
        return self.where.get(relpath)


def read_cache(file: Path) -> _Cached:
    try:
        with file.open("rb") as handle:
            st = os.fstat(handle.fileno())
            # marshal.load(file) reads item by item: ten times slower than one read
            data = as_mapping(marshal.loads(handle.read()))
    except (OSError, EOFError, ValueError, TypeError):
        return _Cached(None, 0)
    if data is None or data.get("v") != _VERSION or not sound(data):
        return _Cached(None, 0)
    return _Cached(data, st.st_mtime_ns)


def _stat_key(full: str) -> list[int] | None:
    try:
        st = os.stat(full)
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns]


def shard_of(relpath: str) -> int:
    return zlib.crc32(relpath.encode("utf-8", "surrogateescape")) % SHARDS


def load_table(ws: Workspace, *, use_cache: bool = True) -> tuple[EntryTable, Titles]:
    """All entries of the ledger and the titles of the tasks holding them."""
    parts: list[list[tuple[str, str]]] = [[] for _ in range(SHARDS)]
    for item in ws.paths.record_relpaths("task"):
        parts[shard_of(item[0])].append(item)
    table = EntryTable()
    files: list[str] = []
    titles: list[str] = []
    counts: list[int] = []
    origins: list[str | None] = []
    for shard, listing in enumerate(parts):
        part = _load_part(ws, ws.paths.cache / CACHE_NAME.format(shard), listing, use_cache)
        table.extend(part.table, 0, len(part.table))
        files += part.files
        titles += part.titles
        counts += part.counts
        origins.append(part.table.origin)
    if None not in origins:
        table.origin = "".join(cast(list[str], origins))
    return table, Titles(files, titles, counts)


class _Part(NamedTuple):
    table: EntryTable
    files: list[str]
    titles: list[str]
    counts: list[int]


def _load_part(
    ws: Workspace, cache_file: Path, listing: list[tuple[str, str]], use_cache: bool
) -> _Part:
    """One shard of the table: from its cache file, with its changed files parsed again."""
    if not listing:
        return _Part(EntryTable(origin="-"), [], [], [])
    old = read_cache(cache_file) if use_cache else _Cached(None, 0)
    keys = [_stat_key(full) for _, full in listing]
    if (
        None not in keys
        and [rel for rel, _ in listing] == old.files
        and len(old.flat) == KEY * len(keys)
        and _packed(keys) == old.packed
        and max(old.flat[0::KEY], default=0) < old.stamp - _RACY_NS
    ):
        return _Part(old.table, old.files, old.titles, old.counts)
    return _rebuild(ws, old, listing, keys, cache_file, use_cache)


def _rebuild(
    ws: Workspace,
    old: _Cached,
    listing: list[tuple[str, str]],
    keys: list[list[int] | None],
    cache_file: Path,
    use_cache: bool,
) -> _Part:
    table = EntryTable()
    files: list[str] = []
    new_keys: list[list[int]] = []
    titles: list[str] = []
    counts: list[int] = []
    changed = len(listing) != len(old.files)
    run = [0, 0]  # rows of the old table still to copy: unchanged files come in runs
    for (relpath, full), key in zip(listing, keys, strict=True):
        if key is None:
            changed = True
            continue
        n = old.find(relpath)
        if n is not None and old.key(n) == key and key[0] < old.stamp - _RACY_NS:
            title, count = old.titles[n], old.counts[n]
            if count:
                if old.offsets[n] != run[1]:
                    table.extend(old.table, *run)
                    run[0] = old.offsets[n]
                run[1] = old.offsets[n] + count
        else:
            changed = True  # also a racy file: the rewritten cache trusts it next time
            table.extend(old.table, *run)
            run = [0, 0]
            parsed = parse_file(Path(full), relpath)
            if parsed is None:  # unreadable: not recorded, so it is read again next time
                continue
            title, found = parsed
            for entry in found:
                table.append(entry)
            count = len(found)
        files.append(relpath)
        new_keys.append(key)
        titles.append(title)
        counts.append(count)
    table.extend(old.table, *run)
    if use_cache and changed:
        generation = os.urandom(8).hex()  # names this state of the cache (``memo.py``)
        data: dict[str, Any] = {"v": _VERSION, "gen": generation, "files": files}
        data.update(keys=_packed(new_keys), titles=titles, counts=counts)
        if write_cache(
            cache_file, {**data, "cols": table.columns(), "prints": table.prints.tobytes()}
        ):
            table.origin = generation
        with suppress(OSError):
            (ws.paths.cache / _UNSHARDED).unlink(missing_ok=True)
    elif use_cache:
        table.origin = old.table.origin  # unchanged: unreadable files are read again
    return _Part(table, files, titles, counts)


def _packed(keys: list[list[int] | None] | list[list[int]]) -> bytes:
    try:
        return array("q", [x for key in keys if key is not None for x in key]).tobytes()
    except OverflowError:  # a clock or file system beyond int64: never matches
        return b"?"


def load_all(ws: Workspace, *, use_cache: bool = True) -> tuple[list[Entry], Titles]:
    """All entries as objects (for listing them) and the titles of the tasks holding them."""
    table, titles = load_table(ws, use_cache=use_cache)
    return table.entries(), titles


def write_cache(file: Path, data: dict[str, Any]) -> bool:
    """Replace a cache file, without the fsyncs of ``write_atomic``: after a crash a cache
    is at worst unreadable, and then rebuilt (tens of ms saved per report after a change)."""
    return save_cache(file, marshal.dumps(data))
