"""Compile a query tree to SQL over the index. Every predicate yields 0 or 1, never NULL, so
negation means "everything else" (a task without ``due`` is matched by ``-due:<7d``)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any, NamedTuple

from opsledger.index.errors import QueryError
from opsledger.index.fields import CLOSED, OPEN, PRIORITY_RANK, Field
from opsledger.index.hierarchy import fixed_head, matching_refs
from opsledger.index.qast import And, Node, Not, Or, Term, Text, positive_texts
from opsledger.index.qvalues import compare, date_range

_WORD = re.compile(r"[^\W_]")


class Context(NamedTuple):
    query: str
    fields: dict[str, Field]
    aliases: dict[str, str]
    now: datetime
    zone: tzinfo
    me: Callable[[], str | None]
    # the references that may meet a pattern starting with this head ("": all of them)
    component_refs: Callable[[str], list[str]] = lambda head: []
    alias: str = "r"
    commands: bool = False


class Compiled:
    __slots__ = ("params", "rank", "where")

    def __init__(self, where: str, params: list[Any] | None = None, rank: str | None = None):
        self.where = where
        self.params = params if params is not None else []
        self.rank = rank


def fts_string(text: Text) -> str:
    """A free word or phrase as an FTS5 string: always quoted, so punctuation is literal."""
    quoted = '"' + text.text.replace('"', '""') + '"'
    return quoted + " *" if text.prefix else quoted


def compile_query(node: Node, ctx: Context) -> Compiled:
    params: list[Any] = []
    items = node.items if isinstance(node, And) else (node,)
    # A term's ``coalesce(x, 0)`` keeps NULL from hiding under NOT; at the top of the
    # WHERE clause NULL and 0 both drop the row, and the bare ``x`` lets SQLite use an index.
    where = "(" + (" AND ".join(_bare(_node(item, ctx, params)) for item in items) or "1") + ")"
    texts = positive_texts(node)
    rank = " OR ".join(fts_string(t) for t in texts) if texts else None
    return Compiled(where, params, rank)


def _bare(sql: str) -> str:
    """``x`` for ``coalesce(x, 0)`` (in parentheses or not); anything else as it is."""
    inner = sql
    while _wrapped(inner, "("):
        inner = inner[1:-1]
    if _wrapped(inner, "coalesce(") and inner.endswith(", 0)"):
        return "(" + inner[len("coalesce(") : -len(", 0)")] + ")"
    return sql


def _wrapped(sql: str, opener: str) -> bool:
    """Whether the parenthesis ending ``opener`` closes at the very end of ``sql``, not
    before: "(a) AND (b)" is not wrapped."""
    if not (sql.startswith(opener) and sql.endswith(")")):
        return False
    depth = 0
    for position in range(len(opener) - 1, len(sql)):
        depth += (sql[position] == "(") - (sql[position] == ")")
        if depth == 0:
            return position == len(sql) - 1
    return False


def _node(node: Node, ctx: Context, params: list[Any]) -> str:
    if isinstance(node, And):
        return (
            "(" + " AND ".join(_node(i, ctx, params) for i in node.items) + ")"
            if node.items
            else "1"
        )
    if isinstance(node, Or):
        return "(" + " OR ".join(_node(i, ctx, params) for i in node.items) + ")"
    if isinstance(node, Not):
        return "(NOT " + _node(node.item, ctx, params) + ")"
    if isinstance(node, Text):
        return _text(node, ctx, params)
    return _term(node, ctx, params)


def _text(node: Text, ctx: Context, params: list[Any]) -> str:
    match = fts_string(node)
    if ctx.commands:
        params.append(match)
        return f"{ctx.alias}.rowid IN (SELECT rowid FROM commands_fts WHERE commands_fts MATCH ?)"
    params += [match, match]
    return (
        f"({ctx.alias}.rowid IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)"
        f" OR {ctx.alias}.rowid IN (SELECT rowid >> 20 FROM commands_fts"
        " WHERE commands_fts MATCH ?))"
    )


def resolve_field(term: Term, ctx: Context) -> Field:
    name = ctx.aliases.get(term.field, term.field)
    found = ctx.fields.get(name)
    if found is None:
        known = ", ".join(sorted(ctx.fields))
        raise QueryError(
            f"unknown field {term.field!r} (known: {known})", ctx.query, term.field_position
        )
    return found


def _term(term: Term, ctx: Context, params: list[Any]) -> str:
    spec = resolve_field(term, ctx)
    column = f'{ctx.alias}."{spec.column}"'
    if term.op != "=" and spec.how not in ("priority", "date", "number"):
        raise QueryError(
            f"{spec.name}: does not compare with {term.op}", ctx.query, term.position - len(term.op)
        )
    value = term.value
    if spec.how in ("text", "id", "priority", "date") and value.lower() == "none":
        return f"({column} IS NULL)"
    handler = _HANDLERS[spec.how]
    return handler(term, spec, column, ctx, params)


def _values(term: Term, spec: Field, ctx: Context) -> list[str]:
    values = [v.strip().lower() for v in term.value.split(",") if v.strip()]
    if spec.me:
        values = [_me(term, ctx) if v == "me" else v for v in values]
    if spec.values:
        for v in values:
            if v not in spec.values:
                known = ", ".join(spec.values)
                raise QueryError(
                    f"{spec.name}: unknown value {v!r} ({known})", ctx.query, term.position
                )
    return values


def _me(term: Term, ctx: Context) -> str:
    who = ctx.me()
    if who is None:
        raise QueryError(
            "who is 'me'? set OPSLEDGER_USER or add your git email to people.yaml",
            ctx.query,
            term.position,
        )
    return who.lower()


def _in(expr: str, values: list[str], params: list[Any]) -> str:
    params += values
    return f"coalesce({expr} IN ({', '.join('?' * len(values))}), 0)"


def _h_text(term: Term, spec: Field, column: str, ctx: Context, params: list[Any]) -> str:
    values = _values(term, spec, ctx)
    if not (ctx.commands and spec.column in ("host", "user")) or not all(
        _WORD.search(v) for v in values
    ):
        return _in(f"lower({column})", values, params)
    # Narrow through the full-text index first: a scan of every command is slow.
    phrases = " OR ".join(
        f'{{{spec.column}}} : "{v.replace(chr(34), chr(34) * 2)}"' for v in values
    )
    params.append(phrases)
    exact = _in(f"lower({column})", values, params)
    return (
        f"({ctx.alias}.rowid IN (SELECT rowid FROM commands_fts WHERE commands_fts MATCH ?)"
        f" AND {exact})"
    )


def id_prefix(column: str, value: str, params: list[Any]) -> str:
    """An id prefix, with or without the kind prefix (``T-3kq9``, ``3kq9``)."""
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    params.append(escaped + "%")
    if "-" in value:
        return f"coalesce({column} LIKE ? ESCAPE '\\', 0)"
    return f"coalesce(substr({column}, instr({column}, '-') + 1) LIKE ? ESCAPE '\\', 0)"


def _prefixes(column: str, value: str, params: list[Any]) -> str:
    parts = [id_prefix(column, v.strip(), params) for v in value.split(",") if v.strip()]
    return "(" + " OR ".join(parts) + ")"


def _h_id(term: Term, spec: Field, column: str, ctx: Context, params: list[Any]) -> str:
    return _prefixes(column, term.value, params)


def _h_contains(term: Term, spec: Field, column: str, ctx: Context, params: list[Any]) -> str:
    params.append(term.value.lower())
    return f"coalesce(instr(lower({column}), ?) > 0, 0)"


def _h_priority(term: Term, spec: Field, column: str, ctx: Context, params: list[Any]) -> str:
    values = _values(term, spec, ctx)
    ranks = [PRIORITY_RANK[v] for v in values]
    if term.op == "=":
        params += ranks
        return f"coalesce({column} IN ({', '.join('?' * len(ranks))}), 0)"
    if len(ranks) != 1:
        raise QueryError(f"{spec.name}: compare with one value", ctx.query, term.position)
    params.append(ranks[0])
    return f"coalesce({column} {term.op} ?, 0)"


def _h_date(term: Term, spec: Field, column: str, ctx: Context, params: list[Any]) -> str:
    try:
        low, high = date_range(term.value, ctx.now, ctx.zone)
    except ValueError:
        raise QueryError(
            f"{spec.name}: not a date or time: {term.value!r} (use 2026-11-01, -7d, now, today)",
            ctx.query,
            term.position,
        ) from None
    sql, values = compare(term.op, low, high)
    params += values
    return "coalesce(" + sql.format(x=column) + ", 0)"


def _h_number(term: Term, spec: Field, column: str, ctx: Context, params: list[Any]) -> str:
    try:
        number = float(term.value)
    except ValueError:
        raise QueryError(
            f"{spec.name}: not a number: {term.value!r}", ctx.query, term.position
        ) from None
    params.append(number)
    op = "=" if term.op == "=" else term.op
    return f"coalesce({column} {op} ?, 0)"


def _h_tag(term: Term, spec: Field, column: str, ctx: Context, params: list[Any]) -> str:
    values = _values(term, spec, ctx)
    params += values
    marks = ", ".join("?" * len(values))
    return f"{ctx.alias}.rowid IN (SELECT rec FROM tags WHERE lower(tag) IN ({marks}))"


def _h_label(term: Term, spec: Field, column: str, ctx: Context, params: list[Any]) -> str:
    key, has_value, value = term.value.partition("=")
    if not key:
        raise QueryError("label: write label:key or label:key=value", ctx.query, term.position)
    if not has_value:
        params.append(key)
        return f"{ctx.alias}.rowid IN (SELECT rec FROM labels WHERE key = ?)"
    params += [key, value.lower()]
    return f"{ctx.alias}.rowid IN (SELECT rec FROM labels WHERE key = ? AND lower(value) = ?)"


def _h_component(term: Term, spec: Field, column: str, ctx: Context, params: list[Any]) -> str:
    found: list[str] = []
    for wanted in term.value.split(","):
        if wanted.strip():
            refs = ctx.component_refs(fixed_head(wanted.strip()))
            found += matching_refs(wanted.strip(), refs)
    params.append(json.dumps(sorted(set(found))))
    return (
        f"{ctx.alias}.rowid IN (SELECT rec FROM comps WHERE ref IN"
        " (SELECT value FROM json_each(?)))"
    )


def _h_link(term: Term, spec: Field, column: str, ctx: Context, params: list[Any]) -> str:
    params.append(spec.column)
    target = _prefixes("target", term.value, params)
    return f"{ctx.alias}.rowid IN (SELECT rec FROM links WHERE rel = ? AND {target})"


def _h_is(term: Term, spec: Field, column: str, ctx: Context, params: list[Any]) -> str:
    parts: list[str] = []
    a = ctx.alias
    now = int(ctx.now.timestamp())
    for value in _values(term, spec, ctx):
        if value in ("open", "closed"):
            statuses = OPEN if value == "open" else CLOSED
            parts.append(_in(f"{a}.status", list(statuses), params))
        elif value == "blocked":
            parts.append(_in(f"{a}.status", ["blocked"], params))
        elif value == "overdue":
            parts.append(
                f"({_in(f'{a}.status', list(OPEN), params)} AND coalesce({a}.due_ts < ?, 0))"
            )
            params.append(now)
        elif value in ("incident", "task"):
            parts.append(_in(f"{a}.type", [value], params))
        elif value == "recurring":
            parts.append(f"({a}.rule IS NOT NULL)")
        elif value == "failed":
            parts.append(f"coalesce({a}.exit <> 0, 0)")
        else:  # ok
            parts.append(f"coalesce({a}.exit = 0, 0)")
    return "(" + " OR ".join(parts) + ")"


_HANDLERS: dict[str, Callable[[Term, Field, str, Context, list[Any]], str]] = {
    "text": _h_text,
    "id": _h_id,
    "contains": _h_contains,
    "priority": _h_priority,
    "date": _h_date,
    "number": _h_number,
    "tag": _h_tag,
    "label": _h_label,
    "component": _h_component,
    "link": _h_link,
    "is": _h_is,
}


def mentions_status(node: Node, ctx: Context) -> bool:
    """Whether the query says which statuses it wants (then list drops its open-only default)."""
    from opsledger.index.qast import walk

    for item in walk(node):
        if isinstance(item, Term):
            name = ctx.aliases.get(item.field, item.field)
            values = set(item.value.lower().split(","))
            if name == "status" or (name == "is" and values & {"open", "closed", "blocked"}):
                return True
    return False
