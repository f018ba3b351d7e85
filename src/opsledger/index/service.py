"""``ledger.index``: the index of one ledger, refreshed from the work tree on first use."""

from __future__ import annotations

import sqlite3
from contextlib import suppress
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opsledger.index.db import connect, current, rows_with
from opsledger.index.fields import (
    COMMAND_ALIASES,
    COMMAND_FIELDS,
    COMMAND_SORTS,
    DEFAULT_SORT,
    OPEN,
    RECORD_ALIASES,
    RECORD_FIELDS,
    RECORD_SORTS,
)
from opsledger.index.gitprobe import PROBE_MIN, Probe, probe_for
from opsledger.index.hierarchy import candidates_sql
from opsledger.index.qast import And, Node
from opsledger.index.qparse import parse_query
from opsledger.index.qsort import ordering
from opsledger.index.qsql import Compiled, Context, compile_query, mentions_status
from opsledger.index.sync import Refreshed, refresh, token_of
from opsledger.model.errors import UsageError
from opsledger.store.workspace import Workspace

if TYPE_CHECKING:
    from opsledger.index.status import Summary

KINDS = ("task", "window", "change", "component", "runbook")
# A build from nothing takes ~2 minutes at 100,000 files; a second process waits for it.
BUILD_WAIT = 600.0
# Row keys of a record: the file's own names (a window's and a component's type is "kind").
ROW_COLUMNS = (
    "id", "path", "type", "status", "priority", "title", "assignee", "team", "client",
    "project", "category", "resolution", "parent", "change", "window", "owner",
    "created", "updated", "due", "assigned_at", "started_at", "resolved_at", "start", "end",
)  # fmt: skip
COMMAND_ROW = ("task", "entry", "at", "host", "user", "exit", "duration", "cwd", "cmd")


class Page:
    """One page of rows, and the cursor of the next one if there is more."""

    __slots__ = ("next_cursor", "rows")

    def __init__(
        self, rows: list[dict[str, Any]] | None = None, next_cursor: str | None = None
    ) -> None:
        self.rows = rows if rows is not None else []
        self.next_cursor = next_cursor


class Index:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.last_refresh: Refreshed | None = None

    @property
    def path(self) -> Path:
        return self.ws.paths.cache / "index.sqlite3"

    @property
    def snapshot_path(self) -> Path:
        return self.ws.paths.cache / "index.sqlite3.stat"

    @property
    def zone_name(self) -> str:
        return str(self.ws.config_data.get("timezone") or "UTC")

    @cached_property
    def conn(self) -> sqlite3.Connection:
        """The connection, brought up to date with the work tree once per Index."""
        conn = current(self.path, self.zone_name)
        built: Refreshed | None = None
        if conn is None:
            conn, built = self._build_once()
        # After a build too: what changed while it ran (a long one at 100k files).
        refreshed = self._refresh(conn)
        if built is not None:
            refreshed = Refreshed(
                built.parsed + refreshed.parsed,
                built.removed + refreshed.removed,
                built.touched + refreshed.touched,
                built.errors + refreshed.errors,
            )
        self.last_refresh = refreshed
        return conn

    def _build_once(self) -> tuple[sqlite3.Connection, Refreshed | None]:
        """Missing, damaged, or of another schema: a fresh file is the quickest way. One
        process builds; others that found it missing wait and use its result."""
        from opsledger.index.build import build
        from opsledger.store.lock import ledger_lock

        lock = self.ws.paths.state / "index.build.lock"
        lock.parent.mkdir(parents=True, exist_ok=True)
        with ledger_lock(lock, timeout=BUILD_WAIT):
            conn = current(self.path, self.zone_name)
            if conn is not None:
                return conn, None  # built by another process meanwhile
            built = build(self.path, self.ws.paths.root, self.zone_name, self.snapshot_path)
        conn = current(self.path, self.zone_name)
        if conn is None:
            conn, _ = connect(self.path, self.zone_name)  # replaced meanwhile: catch up
        return conn, built

    def refresh(self) -> Refreshed:
        if "conn" not in self.__dict__:
            _ = self.conn
            assert self.last_refresh is not None
            return self.last_refresh
        self.last_refresh = self._refresh(self.conn)
        return self.last_refresh

    def _refresh(self, conn: sqlite3.Connection) -> Refreshed:
        paths = self.ws.paths
        probe = probe_for(self.ws.git, paths.root, paths.cache)
        refreshed = refresh(conn, paths.root, self.zone_name, self.snapshot_path, probe)
        if probe is None:
            (count,) = conn.execute("SELECT count(*) FROM files").fetchone()
            if count >= PROBE_MIN:  # big enough that git's stat pays: from the next query on
                Probe(self.ws.git, paths.root, paths.cache).suspects(conn, token_of(conn))
        return refreshed

    def rebuild(self) -> Refreshed:
        """Build the index again from the files, and put it in place of the old one."""
        from opsledger.index.build import build

        self.close()
        self.last_refresh = build(self.path, self.ws.paths.root, self.zone_name, self.snapshot_path)
        return self.last_refresh

    def close(self) -> None:
        conn = self.__dict__.pop("conn", None)
        if conn is not None:
            conn.close()

    def problems(self) -> list[tuple[str, str]]:
        """Files that did not parse: (path, error)."""
        rows = self.conn.execute("SELECT path, error FROM files WHERE error IS NOT NULL")
        return [(str(path), str(error)) for path, error in rows]

    # --- queries ----------------------------------------------------------------------
    def _context(self, text: str, commands: bool) -> Context:
        return Context(
            query=text,
            fields=COMMAND_FIELDS if commands else RECORD_FIELDS,
            aliases=COMMAND_ALIASES if commands else RECORD_ALIASES,
            now=self.ws.now(),
            zone=self.ws.zone,
            me=self.ws.me,
            component_refs=self._component_refs,
            alias="c" if commands else "r",
            commands=commands,
        )

    def _component_refs(self, head: str) -> list[str]:
        if not head:
            return [ref for (ref,) in self.conn.execute("SELECT DISTINCT ref FROM comps")]
        return [ref for (ref,) in self.conn.execute(*candidates_sql(head))]

    def query(
        self,
        text: str = "",
        *,
        kind: str = "task",
        sort: str | None = None,
        limit: int | None = None,
        after: str | None = None,
        open_only: bool = False,
        extra: Node | None = None,
    ) -> Page:
        """Records of ``kind`` matching ``text``; ``open_only`` keeps open ones unless the
        query itself names statuses. ``extra`` is ANDed (terms built by CLI options)."""
        if kind not in KINDS:
            raise UsageError(f"unknown record kind {kind!r} ({', '.join(KINDS)})")
        node = parse_query(text)
        if extra is not None:
            node = And((node, extra))
        ctx = self._context(text, commands=False)
        compiled = compile_query(node, ctx)
        if open_only and kind == "task" and not mentions_status(node, ctx):
            compiled.where += f" AND r.status IN ({', '.join(repr(s) for s in OPEN)})"
        order = ordering(
            sort or (("rank," if compiled.rank else "") + DEFAULT_SORT[kind]),
            RECORD_SORTS,
            "r",
            ("id", "path"),
            compiled.rank is not None,
        )
        columns = ", ".join(f'r."{c}"' for c in ROW_COLUMNS)
        source = "records r"
        params: list[Any] = []
        if compiled.rank is not None:
            source += (
                " LEFT JOIN (SELECT rowid AS rid, bm25(records_fts, 4.0, 1.0) AS bm"
                " FROM records_fts WHERE records_fts MATCH ?) s ON s.rid = r.rowid"
            )
            params.append(compiled.rank)
            order = type(order)(
                tuple(("coalesce(s.bm, 0)" if e == "score" else e, d) for e, d in order.keys),
                order.spec,
            )
        where = f"r.kind = ? AND {compiled.where}"
        sql = f"SELECT {columns}, {order.select()} FROM {source} WHERE {where}"
        params += [kind, *compiled.params]
        return self._page(sql, params, order, after, limit, ROW_COLUMNS, kind)

    def search_commands(
        self,
        text: str = "",
        *,
        sort: str | None = None,
        limit: int | None = None,
        after: str | None = None,
    ) -> Page:
        """Commands as rows: task id, host, exit code, time, command line."""
        ctx = self._context(text, commands=True)
        compiled: Compiled = compile_query(parse_query(text), ctx)
        order = ordering(
            sort or DEFAULT_SORT["command"], COMMAND_SORTS, "c", ("task", "entry"), False
        )
        columns = ", ".join(f'c."{c}"' for c in COMMAND_ROW)
        sql = f"SELECT {columns}, {order.select()} FROM commands_fts c WHERE {compiled.where}"
        return self._page(sql, compiled.params, order, after, limit, COMMAND_ROW, "command")

    def _page(
        self,
        sql: str,
        params: list[Any],
        order: Any,
        after: str | None,
        limit: int | None,
        names: tuple[str, ...],
        kind: str,
    ) -> Page:
        if after:
            clause, values = order.after(order.read_cursor(after))
            sql += f" AND {clause}"
            params = [*params, *values]
        sql += " " + order.order_by()
        if limit is not None:
            sql += f" LIMIT {int(limit) + 1}"
        rows = self.conn.execute(sql, params).fetchall()
        page = Page()
        width = len(names)
        type_key = "kind" if kind in ("window", "component") else "type"
        for row in rows[:limit] if limit is not None else rows:
            record = {n: v for n, v in zip(names, row[:width], strict=True) if v is not None}
            if "type" in record and type_key != "type":
                record[type_key] = record.pop("type")
            page.rows.append(record)
        if limit is not None and len(rows) > limit:
            page.next_cursor = order.cursor(list(rows[limit - 1][width:]))
        return page

    def count(self, text: str = "", *, kind: str = "task") -> int:
        node = parse_query(text)
        compiled = compile_query(node, self._context(text, commands=False))
        sql = f"SELECT count(*) FROM records r WHERE r.kind = ? AND {compiled.where}"
        return int(self.conn.execute(sql, [kind, *compiled.params]).fetchone()[0])

    def stored_data(self, rows: list[dict[str, Any]]) -> list[dict[str, Any] | None]:
        """The file data of these rows' tasks and windows as of the last refresh (None for
        other kinds), without parsing a file."""
        found = stored_files(self.conn, [str(row.get("path")) for row in rows])
        return [
            found[path][1] if path in found else None
            for path in (str(row.get("path")) for row in rows)
        ]

    def files_as_indexed(
        self, paths: list[str], contents: dict[str, bytes] | None = None
    ) -> dict[str, tuple[str, dict[str, Any]]]:
        """path -> (text, data) of those task and window files whose bytes are still what
        the index parsed (read and hashed: a fraction of parsing them; ``contents`` holds
        bytes the caller read already); the others are left out for the caller to parse.
        {} without a current index, which is not brought up to date for this."""
        from opsledger.store.git import blob_id

        out: dict[str, tuple[str, dict[str, Any]]] = {}
        root = self.ws.paths.root
        for relpath, (blob, data) in self.stored_files_as_indexed(paths).items():
            try:
                raw = contents[relpath] if contents else (root / relpath).read_bytes()
                text = raw.decode("utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if blob_id(raw) == blob:
                out[relpath] = (text, data)
        return out

    def stored_files_as_indexed(self, paths: list[str]) -> dict[str, tuple[str, dict[str, Any]]]:
        """path -> (git blob id, data) of these task and window files as the index last saw
        them, without bringing it up to date (the caller compares the blob); {} when there
        is no current index. The validator's pre-commit path reads a changed window's
        neighbours this way instead of parsing a thousand files."""
        if "conn" in self.__dict__:
            return stored_files(self.conn, paths)
        conn = current(self.path, self.zone_name)
        if conn is None:
            return {}
        try:
            return stored_files(conn, paths)
        finally:
            conn.close()

    def resolve(self, fragment: str) -> dict[str, str]:
        """A unique id prefix, or a component path -> {id, kind, path}."""
        from opsledger.index.related import resolve

        return resolve(self.conn, fragment)

    def related(self, record_id: str) -> dict[str, list[tuple[str, str, str]]]:
        """Relation -> [(id, status or type, title)] for ``show``."""
        from opsledger.index.related import related

        return related(self.conn, record_id)

    def status(self) -> Summary:
        """What ``opsledger status`` shows: open work, mine, overdue, blocked, recently
        changed, and the next windows."""
        from opsledger.index.status import summarize

        return summarize(self, self.ws.me())


def stored_files(
    conn: sqlite3.Connection, paths: list[str]
) -> dict[str, tuple[str, dict[str, Any]]]:
    import marshal
    import zlib

    found: dict[str, tuple[str, dict[str, Any]]] = {}
    sql = (
        "SELECT r.path, f.blob, d.data FROM records r JOIN record_data d ON d.rec = r.rowid"
        " JOIN files f ON f.path = r.path WHERE r.path IN ({marks})"
    )
    try:
        for path, blob, data in rows_with(conn, sql, paths):
            with suppress(zlib.error, ValueError, EOFError, TypeError):
                found[path] = (blob, marshal.loads(zlib.decompress(data)))
    except sqlite3.Error:
        pass  # a damaged index: callers read the files instead
    return found
