"""What ``show`` lists beside a record, straight from the index: its change and window,
what it depends on and what depends on it, its parent and children, and the windows
that name it."""

from __future__ import annotations

import sqlite3

from opsledger.model.errors import Ambiguous, NotFound
from opsledger.store.idresolve import resolve_id

Related = dict[str, list[tuple[str, str, str]]]

_ROW = "SELECT id, coalesce(status, type, ''), coalesce(title, '') FROM records r"


def resolve(conn: sqlite3.Connection, fragment: str) -> dict[str, str]:
    """A unique id prefix, a component path, or a runbook's slug -> {id, kind, path}."""
    runbook = conn.execute(
        "SELECT id, kind, path FROM records WHERE kind = 'runbook' AND (id = ? OR path = ?)"
        " ORDER BY path",
        (fragment.removesuffix(".md"), fragment),
    ).fetchone()
    if runbook is not None:
        return {"id": str(runbook[0]), "kind": "runbook", "path": str(runbook[2])}
    if "/" in fragment:
        row = conn.execute(
            "SELECT id, kind, path FROM records WHERE kind = 'component' AND id = ?",
            (fragment.strip("/"),),
        ).fetchone()
        if row is None:
            raise NotFound(f"no component {fragment!r} in inventory.yaml")
    else:
        ids = [
            i
            for (i,) in conn.execute(
                "SELECT id FROM records WHERE kind NOT IN ('component', 'runbook')"
            )
        ]
        found = resolve_id(fragment, ids)
        rows = conn.execute(
            "SELECT id, kind, path FROM records WHERE id = ? ORDER BY path", (found,)
        ).fetchall()
        if len(rows) > 1:
            paths = [str(r[2]) for r in rows]
            raise Ambiguous(f"{found} is in several files: {', '.join(paths)}", paths)
        row = rows[0]
    return {"id": str(row[0]), "kind": str(row[1]), "path": str(row[2])}


def _rows(
    conn: sqlite3.Connection, where: str, params: tuple[str, ...]
) -> list[tuple[str, str, str]]:
    found = conn.execute(f"{_ROW} WHERE r.kind != 'component' AND {where} ORDER BY id", params)
    return [(str(a), str(b), str(c)) for a, b, c in found]


def _named(conn: sqlite3.Connection, ids: list[str]) -> list[tuple[str, str, str]]:
    """The records these ids name; a dangling reference is shown as missing."""
    out: list[tuple[str, str, str]] = []
    for record_id in ids:
        rows = _rows(conn, "r.id = ?", (record_id,))
        out += rows[:1] or [(record_id, "missing", "(no such record)")]
    return out


def related(conn: sqlite3.Connection, record_id: str) -> Related:
    links = conn.execute(
        "SELECT l.rel, l.target FROM links l JOIN records r ON r.rowid = l.rec"
        " WHERE r.id = ? AND r.kind != 'component' ORDER BY l.rowid",
        (record_id,),
    ).fetchall()
    outgoing: dict[str, list[str]] = {}
    for rel, target in links:
        outgoing.setdefault(str(rel), []).append(str(target))
    incoming = "r.rowid IN (SELECT rec FROM links WHERE rel = ? AND target = ?)"
    # A window's or change's tasks: those it lists and those that point at it.
    tasks = _named(conn, outgoing.get("tasks", []))
    tasks += _rows(
        conn,
        "r.rowid IN (SELECT rec FROM links WHERE rel IN ('window', 'change') AND target = ?)",
        (record_id,),
    )
    return {
        "change": _named(conn, outgoing.get("change", [])),
        "window": _named(conn, outgoing.get("window", [])),
        "depends on": _named(conn, outgoing.get("depends_on", [])),
        "dependents": _rows(conn, incoming, ("depends_on", record_id)),
        "parent": _named(conn, outgoing.get("parent", [])),
        "children": _rows(conn, incoming, ("parent", record_id)),
        "tasks": sorted(set(tasks)),
        "windows": _rows(conn, f"r.kind = 'window' AND {incoming}", ("tasks", record_id)),
        "changes": _rows(conn, f"r.kind = 'change' AND {incoming}", ("tasks", record_id)),
        "runbooks": _rows(conn, f"r.kind = 'runbook' AND {incoming}", ("tasks", record_id)),
    }
