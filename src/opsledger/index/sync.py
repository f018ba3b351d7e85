"""Bring the index up to date with the work tree: stat first, then the blob id, then parse.

A dirty work tree is indexed as it stands; ``git checkout`` shows up as changed stats. A file
modified within RACY_NS of the scan may be modified again within the file system's timestamp
granularity without its stat changing, so it is recorded as unverified (size -1) and hashed
again next time, as git does with racily clean entries.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING

from opsledger.index import snapshot
from opsledger.index.db import rows_with
from opsledger.index.scan import INVENTORY, Stat, scan, stat_paths
from opsledger.model.errors import OpsledgerError

if TYPE_CHECKING:
    from opsledger.index.gitprobe import Probe

RACY_NS = 2_000_000_000
PARALLEL_MIN = 400  # below this, starting worker processes costs more than it saves
_CHUNK = 100


class Refreshed:
    """What a refresh did: files parsed, removed, only re-stamped, and those that failed."""

    __slots__ = ("errors", "parsed", "removed", "touched")

    def __init__(self, parsed: int = 0, removed: int = 0, touched: int = 0, errors: int = 0):
        self.parsed, self.removed, self.touched, self.errors = parsed, removed, touched, errors

    def _counts(self) -> tuple[int, int, int, int]:
        return (self.parsed, self.removed, self.touched, self.errors)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Refreshed) and self._counts() == other._counts()

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return "Refreshed(parsed={}, removed={}, touched={}, errors={})".format(*self._counts())

    @property
    def changed(self) -> bool:
        return bool(self.parsed or self.removed or self.touched)


def _known(conn: sqlite3.Connection) -> dict[str, tuple[int, int, str, str | None]]:
    rows = conn.execute("SELECT path, mtime_ns, size, blob, error FROM files")
    return {path: (mtime, size, blob, error) for path, mtime, size, blob, error in rows}


def token_of(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT value FROM meta WHERE key = 'token'").fetchone()
    return str(row[0]) if row else ""


def stats_of(conn: sqlite3.Connection) -> snapshot.Stats:
    return {p: (m, s) for p, m, s in conn.execute("SELECT path, mtime_ns, size FROM files")}


def refresh(
    conn: sqlite3.Connection,
    root: Path,
    zone_name: str,
    saved: Path | None = None,
    probe: Probe | None = None,
) -> Refreshed:
    """Apply what changed in the work tree; ``saved`` is where the stat snapshot lives, and
    ``probe`` names the only files that may have changed (when git could tell)."""
    # The cheap check runs without a write lock: most queries find nothing to do.
    token = token_of(conn)
    scope = probe.suspects(conn, token) if probe is not None else None
    if probe is not None and scope is not None:
        return _refresh_scope(conn, root, zone_name, probe, scope, token)
    disk = scan(root)
    quick = snapshot.load(saved, token) if saved is not None else None
    if quick is None:
        quick = stats_of(conn)
        if saved is not None:
            snapshot.save(saved, token, quick)
    if disk == quick:
        return Refreshed()
    result, token, _ = _apply_locked(conn, root, zone_name, disk, None, token)
    if saved is not None:
        snapshot.save(saved, token, stats_of(conn))
    return result


def _refresh_scope(
    conn: sqlite3.Connection,
    root: Path,
    zone_name: str,
    probe: Probe,
    scope: set[str],
    token: str,
) -> Refreshed:
    disk = stat_paths(root, scope)
    if disk == known_stats(conn, scope):
        return Refreshed()
    result, new_token, raced = _apply_locked(conn, root, zone_name, disk, scope, token)
    if not raced:  # what git reported changed now differs from what it staged
        probe.save(new_token, scope)
    # else another process wrote rows this scope never looked at: with no list saved for
    # the new token, the next query works out again what git vouches for
    return result


def _apply_locked(
    conn: sqlite3.Connection,
    root: Path,
    zone_name: str,
    disk: dict[str, Stat],
    scope: set[str] | None,
    seen_token: str,
) -> tuple[Refreshed, str, bool]:
    """``apply_changes`` in one write transaction: its result, the index's new token, and
    whether another process wrote since ``seen_token`` was read."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        raced = token_of(conn) != seen_token
        result = apply_changes(conn, root, zone_name, disk, scope)
        token = os.urandom(8).hex()
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('token', ?)", (token,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return result, token, raced


def known_stats(conn: sqlite3.Connection, paths: set[str]) -> dict[str, Stat]:
    rows = rows_with(conn, "SELECT path, mtime_ns, size FROM files WHERE path IN ({marks})", paths)
    return {path: (mtime, size) for path, mtime, size in rows}


def apply_changes(
    conn: sqlite3.Connection,
    root: Path,
    zone_name: str,
    disk: dict[str, Stat],
    scope: set[str] | None = None,
) -> Refreshed:
    """Index what changed; with ``scope``, only those paths can have (the rest is vouched
    for by git)."""
    from opsledger.index.db import create_indexes
    from opsledger.index.writer import next_rowid, remove_paths

    known = _known(conn)  # again, under the lock: another process may have done the work
    result = Refreshed()
    gone = [p for p in known if p not in disk and (scope is None or p in scope)]
    changed = [(p, st) for p, st in disk.items() if known.get(p, (None, None))[:2] != st]
    racy_after = time.time_ns() - RACY_NS
    remove_paths(conn, gone)
    result.removed = len(gone)
    first = next_rowid(conn)
    if len(changed) >= PARALLEL_MIN and (os.cpu_count() or 1) > 1:
        spread = [(p, st) for p, st in changed if p != INVENTORY]
        remove_paths(conn, [p for p, _ in spread if p in known])
        _parse_parallel(conn, root, zone_name, spread, first, racy_after, result)
        first += len(spread)
        changed = [(p, st) for p, st in changed if p == INVENTORY]
    _parse_serial(conn, root, zone_name, changed, known, first, racy_after, result)
    if not known:
        create_indexes(conn)
    return result


def _parse_serial(
    conn: sqlite3.Connection,
    root: Path,
    zone_name: str,
    changed: list[tuple[str, Stat]],
    known: dict[str, tuple[int, int, str, str | None]],
    rowid: int,
    racy_after: int,
    result: Refreshed,
) -> None:
    from opsledger.index.parse import parse_file
    from opsledger.index.writer import new_rows, pack, remove_paths, write
    from opsledger.store.git import blob_id

    rows = new_rows()
    for relpath, stat in changed:
        old = known.get(relpath)
        if old is not None:
            try:
                content = (root / relpath).read_bytes()
            except FileNotFoundError:
                continue
            if blob_id(content) == old[2]:
                # Same bytes (touched, or rewritten by a checkout): only the stat moves.
                size = -1 if stat[0] > racy_after else stat[1]
                conn.execute(
                    "UPDATE files SET mtime_ns = ?, size = ? WHERE path = ?",
                    (stat[0], size, relpath),
                )
                result.touched += 1
                continue
            remove_paths(conn, [relpath])
        found = parse_file(root, relpath, stat, zone_name)
        if found is None:
            continue
        rowid = pack(rows, found, rowid, racy_after)
        result.parsed += 1
        result.errors += found.error is not None
        if len(rows["records"]) >= 500:
            write(conn, rows)
    write(conn, rows)


def _parse_parallel(
    conn: sqlite3.Connection,
    root: Path,
    zone_name: str,
    changed: list[tuple[str, Stat]],
    first: int,
    racy_after: int,
    result: Refreshed,
) -> None:
    import marshal
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    from opsledger.index.worker import pack_many
    from opsledger.index.writer import write

    jobs = [
        (str(root), changed[i : i + _CHUNK], zone_name, first + i, racy_after)
        for i in range(0, len(changed), _CHUNK)
    ]
    workers = min(os.cpu_count() or 2, 4)
    # Not multiprocessing.Pool: it waits for ever on a worker that died (the OOM killer,
    # a crash in the C parser), inside the write lock every other process waits on.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        try:
            for done in as_completed([pool.submit(pack_many, job) for job in jobs]):
                packed, parsed, errors = done.result()
                write(conn, marshal.loads(packed))
                result.parsed += parsed
                result.errors += errors
        except BrokenProcessPool:
            raise OpsledgerError(
                "a worker parsing the ledger died (out of memory?); run: opsledger index rebuild"
            ) from None
