"""Every time entry of the ledger, with a per-file cache so a report rereads only what changed.

Parsing a task file costs 0.1–0.8 ms even with the fast loader, and a ledger holds
thousands; entries are cached under ``cache/`` (derived, safe to delete) keyed by the
file's size, mtime and inode, as git's index does. A file modified within a second of the
cache being written is not trusted (a coarse file-system clock could hide a rewrite).
``marshal`` holds only plain values, so a tampered cache cannot run code.

The entries are kept as columns (``table.py``) in file order, each file owning a run of
rows: with nothing changed the table is used as loaded (~40 ms for 100k entries); a
changed file's run is replaced by a fresh parse.
"""

from __future__ import annotations

import marshal
import os
import re
import sys
from array import array
from contextlib import suppress
from pathlib import Path
from typing import Any

from opsledger.model.errors import OpsledgerError
from opsledger.store.fastload import load_fast
from opsledger.store.workspace import Workspace
from opsledger.timetrack.entries import Entry, as_mapping, entries_of_task
from opsledger.timetrack.hints import forget_written
from opsledger.timetrack.listing import SUFFIX, Titles, task_listing
from opsledger.timetrack.table import FIELDS, EntryTable

_VERSION = 4
CACHE_NAME = "timetrack-entries.marshal"
_RACY_NS = 1_000_000_000
# A file without a top-level ``time:`` key holds no entries (flow-style documents and
# quoted keys are parsed anyway).
_HAS_TIME = re.compile(r"^(?:time|\"time\"|'time')\s*:", re.MULTILINE)


def parse_file(path: Path, relpath: str) -> tuple[str, list[Entry]]:
    """(title, entries) of one task file; an unreadable file counts as having none."""
    task_id = path.name[: -len(SUFFIX)]
    try:
        text = path.read_text(encoding="utf-8")
        if not _HAS_TIME.search(text) and not text.lstrip().startswith("{"):
            return "", []
        data = load_fast(text, relpath)
    except (OSError, UnicodeDecodeError, OpsledgerError):
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
        # (mtime, size, inode) of every file, flat, as packed int64: 10k lists of big
        # ints cost half of the whole load
        self.packed: bytes = data["keys"] if data else b""
        self.flat = array("q")
        if len(self.packed) % self.flat.itemsize == 0:
            self.flat.frombytes(self.packed)
        self.titles: list[str] = data["titles"] if data else []
        self.counts: list[int] = data["counts"] if data else []
        self.table = EntryTable.of_columns(data["cols"]) if data else EntryTable()
        self.table.origin = str(data.get("gen")) if data else None
        self.where: dict[str, int] | None = None
        self.offsets: list[int] = []

    def key(self, n: int) -> list[int]:
        return list(self.flat[3 * n : 3 * n + 3])

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
    if data is None or data.get("v") != _VERSION or len(data.get("cols") or ()) != len(FIELDS):
        return _Cached(None, 0)
    return _Cached(data, st.st_mtime_ns)


def _stat_key(full: str) -> list[int] | None:
    try:
        st = os.stat(full)
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size, st.st_ino]


def load_table(ws: Workspace, *, use_cache: bool = True) -> tuple[EntryTable, Titles]:
    """All entries of the ledger and the titles of the tasks holding them."""
    cache_file = ws.paths.cache / CACHE_NAME
    old = read_cache(cache_file) if use_cache else _Cached(None, 0)
    listing = task_listing(ws.paths.root, ws.paths.record_dir("task"))
    keys = [_stat_key(full) for _, full in listing]
    if (
        None not in keys
        and [rel for rel, _ in listing] == old.files
        and len(old.flat) == 3 * len(keys)
        and _packed(keys) == old.packed
        and max(old.flat[0::3], default=0) < old.stamp - _RACY_NS
    ):
        return old.table, Titles(old.files, old.titles, old.counts)
    return _rebuild(ws, old, listing, keys, cache_file, use_cache)


def _rebuild(
    ws: Workspace,
    old: _Cached,
    listing: list[tuple[str, str]],
    keys: list[list[int] | None],
    cache_file: Path,
    use_cache: bool,
) -> tuple[EntryTable, Titles]:
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
            title, found = parse_file(Path(full), relpath)
            for entry in found:
                table.append(_interned(entry))
            count = len(found)
        files.append(relpath)
        new_keys.append(key)
        titles.append(title)
        counts.append(count)
    table.extend(old.table, *run)
    if use_cache and changed:
        generation = os.urandom(8).hex()  # names this state of the cache (``memo.py``)
        data = {"v": _VERSION, "gen": generation, "files": files, "keys": _packed(new_keys)}
        if write_cache(
            cache_file, {**data, "titles": titles, "counts": counts, "cols": table.columns()}
        ):
            table.origin = generation
            forget_written(ws)
    return table, Titles(files, titles, counts)


def _packed(keys: list[list[int] | None] | list[list[int]]) -> bytes:
    try:
        return array("q", [x for key in keys if key is not None for x in key]).tobytes()
    except OverflowError:  # a clock or file system beyond int64: never matches
        return b"?"


def _interned(e: Entry) -> Entry:
    """Repeated values as one object each: ``marshal`` then writes them once."""
    intern = sys.intern
    return Entry(
        intern(e.task),
        e.id,
        e.start,
        e.end,
        intern(e.who),
        None if e.client is None else intern(e.client),
        None if e.project is None else intern(e.project),
        e.components,
        e.billable,
        e.note,
        e.start_text,
        e.end_text,
        e.minutes,
    )


def load_all(ws: Workspace, *, use_cache: bool = True) -> tuple[list[Entry], Titles]:
    """All entries as objects (for listing them) and the titles of the tasks holding them."""
    table, titles = load_table(ws, use_cache=use_cache)
    return table.entries(), titles


def write_cache(file: Path, data: dict[str, Any]) -> bool:
    """Replace a cache file, without the fsyncs of ``write_atomic``: after a crash a cache
    is at worst unreadable, and then rebuilt (tens of ms saved per report after a change)."""
    temp = file.with_name(f".{file.name}.{os.getpid()}.tmp")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(marshal.dumps(data))
        os.replace(temp, file)
    except OSError:
        with suppress(OSError):
            temp.unlink(missing_ok=True)
        return False  # a cache that cannot be written only costs time
    return True
