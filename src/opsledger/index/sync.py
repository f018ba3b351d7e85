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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from opsledger.index import snapshot
from opsledger.index.scan import Stat, scan

if TYPE_CHECKING:
    from opsledger.index.parse import Parsed

RACY_NS = 2_000_000_000
PARALLEL_MIN = 400  # below this, starting worker processes costs more than it saves
_CHUNK = 100


@dataclass
class Refreshed:
    parsed: int = 0
    removed: int = 0
    touched: int = 0
    errors: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.parsed or self.removed or self.touched)


def _known(conn: sqlite3.Connection) -> dict[str, tuple[int, int, str, str | None]]:
    rows = conn.execute("SELECT path, mtime_ns, size, blob, error FROM files")
    return {path: (mtime, size, blob, error) for path, mtime, size, blob, error in rows}


def _token(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT value FROM meta WHERE key = 'token'").fetchone()
    return str(row[0]) if row else ""


def _stats(conn: sqlite3.Connection) -> snapshot.Stats:
    return {p: (m, s) for p, m, s in conn.execute("SELECT path, mtime_ns, size FROM files")}


def refresh(
    conn: sqlite3.Connection, root: Path, zone_name: str, saved: Path | None = None
) -> Refreshed:
    """Apply what changed in the work tree; ``saved`` is where the stat snapshot lives."""
    disk = scan(root)
    # The cheap check runs without a write lock: most queries find nothing to do.
    token = _token(conn)
    quick = snapshot.load(saved, token) if saved is not None else None
    if quick is None:
        quick = _stats(conn)
        if saved is not None:
            snapshot.save(saved, token, quick)
    if disk == quick:
        return Refreshed()
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = _apply(conn, root, zone_name, disk)
        token = os.urandom(8).hex()
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('token', ?)", (token,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    if saved is not None:
        snapshot.save(saved, token, _stats(conn))
    return result


def _apply(
    conn: sqlite3.Connection, root: Path, zone_name: str, disk: dict[str, Stat]
) -> Refreshed:
    from opsledger.index.db import create_indexes
    from opsledger.index.writer import Writer, remove_paths

    known = _known(conn)  # again, under the lock: another process may have done the work
    result = Refreshed()
    gone = [path for path in known if path not in disk]
    changed = [(p, st) for p, st in disk.items() if known.get(p, (None, None))[:2] != st]
    racy_after = time.time_ns() - RACY_NS
    remove_paths(conn, gone)
    result.removed = len(gone)
    if len(changed) >= PARALLEL_MIN and (os.cpu_count() or 1) > 1:
        found = _parse_parallel(root, zone_name, changed)
    else:
        found = _parse_serial(conn, root, zone_name, changed, known, result)
    writer = Writer(conn)
    for parsed in found:
        if parsed.path in known:
            remove_paths(conn, [parsed.path])
        if parsed.stat[0] > racy_after:
            parsed.stat = (parsed.stat[0], -1)
        result.parsed += 1
        result.errors += parsed.error is not None
        writer.add(parsed)
        if len(writer.rows["records"]) >= 500:
            writer.flush()
    writer.flush()
    if not known:
        create_indexes(conn)
    return result


def _parse_serial(
    conn: sqlite3.Connection,
    root: Path,
    zone_name: str,
    changed: list[tuple[str, Stat]],
    known: dict[str, tuple[int, int, str, str | None]],
    result: Refreshed,
) -> Iterator[Parsed]:
    from opsledger.index.parse import parse_file
    from opsledger.index.scan import blob_id

    racy_after = time.time_ns() - RACY_NS
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
        found = parse_file(root, relpath, stat, zone_name)
        if found is not None:
            yield found


def _parse_parallel(
    root: Path, zone_name: str, changed: list[tuple[str, Stat]]
) -> Iterator[Parsed]:
    import multiprocessing

    from opsledger.index.parse import parse_many

    jobs = [(str(root), changed[i : i + _CHUNK], zone_name) for i in range(0, len(changed), _CHUNK)]
    workers = min(os.cpu_count() or 2, 4)
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for chunk in pool.imap_unordered(parse_many, jobs):
            yield from chunk
