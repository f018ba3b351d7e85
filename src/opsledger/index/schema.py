"""The index's tables. Bump SCHEMA_VERSION whenever a table or what goes into it changes:
an index of another version is rebuilt from the files."""

from __future__ import annotations

SCHEMA_VERSION = "4"  # 3: runbook slugs keep their sub-folder; 4: record_data

# Text columns shared by every record kind; a date column ``x`` has an epoch ``x_ts`` beside it.
TEXT_COLUMNS = (
    "type",
    "status",
    "priority",
    "title",
    "assignee",
    "team",
    "client",
    "project",
    "category",
    "resolution",
    "parent",
    "change",
    "window",
    "owner",
)
DATE_COLUMNS = (
    "created",
    "updated",
    "due",
    "assigned_at",
    "started_at",
    "resolved_at",
    "start",
    "end",
)
RECORD_COLUMNS = (
    "rowid",
    "id",
    "kind",
    "path",
    *TEXT_COLUMNS,
    "prio",
    *DATE_COLUMNS,
    *(f"{name}_ts" for name in DATE_COLUMNS),
    "changed_ts",
    "rule",
)
# Commands live only in their full-text table: cmd, output, host and user are tokenised,
# the rest only stored; never ranked, so without the per-row sizes bm25 needs
# (columnsize=0). A command's rowid is its task's rowid << COMMAND_BITS | its position, so a
# task's commands are one rowid range.
COMMAND_COLUMNS = (
    "cmd",
    "output",
    "host",
    "user",
    "task",
    "entry",
    "at",
    "at_ts",
    "exit",
    "duration",
    "cwd",
)
COMMAND_BITS = 20


def _quoted(names: tuple[str, ...]) -> str:
    return ", ".join(f'"{name}"' for name in names)


_STORED = ", ".join(f"{name} UNINDEXED" for name in COMMAND_COLUMNS[4:])

DDL = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, blob TEXT,
                    error TEXT);
CREATE TABLE records ("rowid" INTEGER PRIMARY KEY, {_quoted(RECORD_COLUMNS[1:])});
CREATE TABLE tags (rec INTEGER NOT NULL, tag TEXT NOT NULL);
CREATE TABLE labels (rec INTEGER NOT NULL, key TEXT NOT NULL, value TEXT);
CREATE TABLE comps (rec INTEGER NOT NULL, ref TEXT NOT NULL);
CREATE TABLE links (rec INTEGER NOT NULL, rel TEXT NOT NULL, target TEXT NOT NULL);
CREATE TABLE record_data (rec INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE VIRTUAL TABLE records_fts USING fts5(title, body,
    tokenize='unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE commands_fts USING fts5(cmd, output, host, user,
    {_STORED},
    columnsize=0, tokenize='unicode61 remove_diacritics 2');
"""

# Component references a query must always consider: globs and unnormalised ones.
ODD_REF = (
    "(instr(ref, '*') OR instr(ref, '?') OR instr(ref, '[') OR instr(ref, '//')"
    " OR substr(ref, 1, 1) = '/' OR substr(ref, -1) = '/' OR ref = '')"
)

INDEXES = f"""
CREATE INDEX comps_odd ON comps (ref) WHERE {ODD_REF};
CREATE INDEX records_kind ON records (kind, status);
CREATE INDEX records_id ON records (id, kind);
CREATE INDEX records_path ON records (path);
CREATE INDEX tags_tag ON tags (tag, rec);
CREATE INDEX tags_lower ON tags (lower(tag), rec);
CREATE INDEX tags_rec ON tags (rec);
CREATE INDEX labels_key ON labels (key, value, rec);
CREATE INDEX labels_rec ON labels (rec);
CREATE INDEX comps_rec ON comps (rec);
CREATE INDEX comps_ref ON comps (ref);
CREATE INDEX links_target ON links (target, rel);
CREATE INDEX links_rec ON links (rec);
"""
