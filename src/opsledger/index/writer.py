"""Put parsed files into the index and take them out again, inside one write transaction."""

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
    "fts": "INSERT INTO records_fts (rowid, title, body) VALUES (?, ?, ?)",
    "commands": f"INSERT INTO commands_fts (rowid, {', '.join(COMMAND_COLUMNS)})"
    f" VALUES (?{', ?' * len(COMMAND_COLUMNS)})",
}


class Writer:
    """Batches rows and writes them with executemany; rowids are assigned here so children
    can point at their record without a round trip."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        row = conn.execute('SELECT max("rowid") FROM records').fetchone()
        self.next_record = int(row[0] or 0) + 1
        self.rows: dict[str, list[tuple[object, ...]]] = {name: [] for name in _SQL}

    def add(self, parsed: Parsed) -> None:
        self.rows["files"].append((parsed.path, *parsed.stat, parsed.blob, parsed.error))
        for record in parsed.records:
            self._record(record)

    def _record(self, record: Extracted) -> None:
        rec = self.next_record
        self.next_record += 1
        columns = record.columns
        columns["rowid"] = rec
        rows = self.rows
        rows["records"].append(tuple(columns[name] for name in RECORD_COLUMNS))
        rows["fts"].append((rec, record.title, record.body))
        rows["tags"].extend((rec, tag) for tag in record.tags)
        rows["labels"].extend((rec, key, value) for key, value in record.labels)
        rows["comps"].extend((rec, ref) for ref in record.comps)
        rows["links"].extend((rec, rel, target) for rel, target in record.links)
        base = rec << COMMAND_BITS
        rows["commands"].extend((base + n, *row) for n, row in enumerate(record.commands))

    def flush(self) -> None:
        for name, rows in self.rows.items():
            if rows:
                self.conn.executemany(_SQL[name], rows)
                rows.clear()


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
            for table in ("tags", "labels", "comps", "links"):
                conn.execute(f"DELETE FROM {table} WHERE rec = ?", (rec,))
            conn.execute("DELETE FROM records WHERE rowid = ?", (rec,))
        conn.execute("DELETE FROM files WHERE path = ?", (path,))
