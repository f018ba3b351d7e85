"""Opening the index: WAL for concurrent readers and writers, and a fresh start whenever the
file is missing, corrupt, or of another schema version, timezone or opsledger release."""

from __future__ import annotations

import binascii
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

from opsledger import __version__
from opsledger.index.schema import DDL, INDEXES, SCHEMA_VERSION

_SUFFIXES = ("", "-wal", "-shm", "-journal", ".stat")


def current(path: Path, zone_name: str) -> sqlite3.Connection | None:
    """The index, open, if it exists and is of this schema and timezone; else None (a
    damaged file is removed)."""
    if not path.exists():
        return None
    conn: sqlite3.Connection | None = None
    try:
        conn = _open(path)
        meta = _meta(conn)
    except sqlite3.DatabaseError:
        if conn is not None:
            conn.close()
        discard(path)
        return None
    if all(meta.get(k) == v for k, v in wanted_meta(zone_name).items()):
        return conn
    conn.close()
    return None


def connect(path: Path, zone_name: str) -> tuple[sqlite3.Connection, bool]:
    """An open, current index and whether it was (re)created empty."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = _open(path)
        return conn, _ensure(conn, zone_name)
    except sqlite3.DatabaseError:
        # Not a database, or damaged: it is only a cache, so start over.
        discard(path)
        conn = _open(path)
        return conn, _ensure(conn, zone_name)


def _open(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 60000")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA journal_mode = WAL").fetchall()
    return conn


def discard(path: Path, suffixes: tuple[str, ...] = _SUFFIXES) -> None:
    for suffix in suffixes:
        with suppress(FileNotFoundError):
            path.with_name(path.name + suffix).unlink()


def _meta(conn: sqlite3.Connection) -> dict[str, str]:
    try:
        return dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return {}
        raise


def wanted_meta(zone_name: str) -> dict[str, str]:
    digest = f"{binascii.crc32((DDL + INDEXES).encode()):08x}"
    # The rows are what this release's extraction made of the files (the data ``show``
    # prints, the fields queries match): another release builds its own.
    return {"schema": f"{SCHEMA_VERSION}-{digest}", "timezone": zone_name, "opsledger": __version__}


def _ensure(conn: sqlite3.Connection, zone_name: str) -> bool:
    wanted = wanted_meta(zone_name)
    meta = _meta(conn)
    if all(meta.get(k) == v for k, v in wanted.items()):
        return False
    conn.execute("BEGIN IMMEDIATE")
    try:
        meta = _meta(conn)  # another process may have reset it while we waited
        if all(meta.get(k) == v for k, v in wanted.items()):
            conn.execute("COMMIT")
            return False
        _reset(conn, wanted)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return True


def _reset(conn: sqlite3.Connection, meta: dict[str, str]) -> None:
    tables = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    virtual = [n for (n,) in tables if n.endswith("_fts")]
    for name in virtual + [n for (n,) in tables if n not in virtual and "_fts_" not in n]:
        conn.execute(f'DROP TABLE IF EXISTS "{name}"')
    create_schema(conn, meta)


def create_schema(conn: sqlite3.Connection, meta: dict[str, str]) -> None:
    for statement in DDL.split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))


def create_indexes(conn: sqlite3.Connection) -> None:
    """After a bulk load: building the b-trees once is faster than keeping them up to date."""
    for statement in INDEXES.split(";"):
        if statement.strip():
            conn.execute(statement.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS"))


PARAMS_PER_QUERY = 500  # under SQLite's host-parameter limit


def rows_with(
    conn: sqlite3.Connection, sql: str, values: Iterable[str]
) -> Iterator[tuple[Any, ...]]:
    """The rows of ``sql`` for every value, where ``sql`` holds one ``{marks}`` for an
    ``IN (...)`` list: as many queries as the parameter limit needs."""
    ordered = sorted(set(values))
    for start in range(0, len(ordered), PARAMS_PER_QUERY):
        chunk = ordered[start : start + PARAMS_PER_QUERY]
        yield from conn.execute(sql.format(marks=", ".join("?" * len(chunk))), chunk)
