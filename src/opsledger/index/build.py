"""A build from nothing: into a new file without a journal, then renamed over the index.

Nothing can be lost if the build dies half way (the file is only a temporary one), so it
runs with ``journal_mode = OFF`` and ``synchronous = OFF``; readers of the old index keep
it until the finished one takes its name in one ``rename``.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from opsledger.index import snapshot
from opsledger.index.db import create_schema, discard, wanted_meta
from opsledger.index.scan import scan
from opsledger.index.sync import Refreshed, apply_changes, stats_of

_SIDECARS = ("-wal", "-shm", "-journal", ".stat")


def build(path: Path, root: Path, zone_name: str, saved: Path | None = None) -> Refreshed:
    path.parent.mkdir(parents=True, exist_ok=True)
    _discard_orphans(path)
    temp = path.with_name(f"{path.name}.{os.getpid()}.build")
    discard(temp)
    try:
        conn = sqlite3.connect(temp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("PRAGMA cache_size = -32768")
            conn.execute("BEGIN")
            create_schema(conn, wanted_meta(zone_name))
            result = apply_changes(conn, root, zone_name, scan(root))
            token = os.urandom(8).hex()
            conn.execute("INSERT INTO meta VALUES ('token', ?)", (token,))
            conn.execute("COMMIT")
            stats = stats_of(conn)
            conn.execute("PRAGMA journal_mode = WAL").fetchall()
        finally:
            conn.close()
        # The old index's WAL must not be replayed onto the new file.
        discard(path, _SIDECARS)
        os.replace(temp, path)
    except BaseException:
        discard(temp)
        raise
    if saved is not None:
        snapshot.save(saved, token, stats)
    return result


def _discard_orphans(path: Path) -> None:
    """Temporary builds of processes that died (killed mid-build): hundreds of MB at 100k."""
    for orphan in path.parent.glob(f"{path.name}.*.build"):
        pid = orphan.name[len(path.name) + 1 : -len(".build")]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            discard(orphan)
        except PermissionError:
            pass  # alive, someone else's
