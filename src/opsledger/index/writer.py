"""Put parsed files into the index and take them out again, inside one write transaction.

Rows travel as plain tuples grouped by table: a worker process of a parallel build packs
them (with the rowids its job was given) and the main process only calls ``executemany``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from opsledger.index.extract import Extracted
from opsledger.index.parse import Parsed
from opsledger.index.schema import COMMAND_BITS, COMMAND_COLUMNS, RECORD_COLUMNS

_SQL = {
    "files": "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
    "records": f"INSERT INTO records VALUES ({', '.join('?' * len(RECORD_COLUMNS))})",
    "tags": "INSERT INTO tags VALUES (?, ?)",
    "labels": "INSERT INTO labels VALUES (?, ?, ?)",
    "comps": "INSERT INTO comps VALUES (?, ?)",
    "links": "INSERT INTO links VALUES (?, ?, ?)",
    "data": "INSERT INTO record_data VALUES (?, ?)",
    "fts": "INSERT INTO records_fts (rowid, title, body) VALUES (?, ?, ?)",
    "commands": f"INSERT INTO commands_fts (rowid, {', '.join(COMMAND_COLUMNS)})"
    f" VALUES (?{', ?' * len(COMMAND_COLUMNS)})",
}
Rows = dict[str, list[tuple[object, ...]]]


def new_rows() -> Rows:
    return {name: [] for name in _SQL}


def pack(rows: Rows, parsed: Parsed, rowid: int, racy_after: int) -> int:
    """Append the rows of one parsed file, its records numbered from ``rowid``; returns the
    next free rowid. A file modified after ``racy_after`` is stored unverified (size -1)."""
    mtime, size = parsed.stat
    rows["files"].append((parsed.path, mtime, -1 if mtime > racy_after else size, parsed.blob,
                          parsed.error))  # fmt: skip
    for record in parsed.records:
        _record(rows, record, rowid)
        rowid += 1
    return rowid


def _record(rows: Rows, record: Extracted, rec: int) -> None:
    columns = record.columns
    columns["rowid"] = rec
    rows["records"].append(tuple(columns[name] for name in RECORD_COLUMNS))
    rows["fts"].append((rec, record.title, record.body))
    rows["tags"].extend((rec, tag) for tag in record.tags)
    rows["labels"].extend((rec, key, value) for key, value in record.labels)
    rows["comps"].extend((rec, ref) for ref in record.comps)
    rows["links"].extend((rec, rel, target) for rel, target in record.links)
    if record.data is not None:
        rows["data"].append((rec, record.data))
    base = rec << COMMAND_BITS
    rows["commands"].extend((base + n, *row) for n, row in enumerate(record.commands))


def write(conn: sqlite3.Connection, rows: Rows) -> None:
    for name, found in rows.items():
        if found:
            conn.executemany(_SQL[name], found)
            found.clear()


def next_rowid(conn: sqlite3.Connection) -> int:
    row = conn.execute('SELECT max("rowid") FROM records').fetchone()
    return int(row[0] or 0) + 1


def remove_paths(conn: sqlite3.Connection, paths: Iterable[str]) -> None:
    """Forget every record of these files."""
    for path in paths:
        recs = [r for (r,) in conn.execute("SELECT rowid FROM records WHERE path = ?", (path,))]
        for rec in recs:
            conn.execute("DELETE FROM records_fts WHERE rowid = ?", (rec,))
            conn.execute(
                "DELETE FROM commands_fts WHERE rowid BETWEEN ? AND ?",
                (rec << COMMAND_BITS, ((rec + 1) << COMMAND_BITS) - 1),
            )
            for table in ("tags", "labels", "comps", "links", "record_data"):
                conn.execute(f"DELETE FROM {table} WHERE rec = ?", (rec,))
            conn.execute("DELETE FROM records WHERE rowid = ?", (rec,))
        conn.execute("DELETE FROM files WHERE path = ?", (path,))
