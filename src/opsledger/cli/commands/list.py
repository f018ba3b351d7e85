from __future__ import annotations

from typing import TYPE_CHECKING, Any

from opsledger.cli.context import AppContext
from opsledger.cli.optspec import Argument, CommandSpec, Option
from opsledger.cli.output import FORMAT_OPTIONS, echo, emit_rows, pick_format

if TYPE_CHECKING:
    from opsledger.index.qast import Node
    from opsledger.index.service import Page
    from opsledger.ledger import Ledger

KINDS = {
    "tasks": "task",
    "windows": "window",
    "changes": "change",
    "components": "component",
    "runbooks": "runbook",
}
COLUMNS = {
    "task": ("id", "type", "status", "priority", "assignee", "title", "due"),
    "window": ("id", "kind", "priority", "start", "end", "team", "title"),
    "change": ("id", "type", "status", "window", "created", "title"),
    "component": ("id", "kind", "owner", "client"),
    "runbook": ("id", "title", "path"),
}


PAGE_OPTIONS = (
    Option(
        "kind",
        ("--in",),
        "Which records to query.",
        choices=tuple(KINDS),
        default="tasks",
        show_default=True,
    ),
    Option("sort", ("--sort",), "Sort keys, '-' for descending: -priority,created."),
    Option("limit", ("--limit",), "Show at most N rows.", kind=int, minimum=1),
    Option("after", ("--after",), "The page after this cursor.", metavar="CURSOR"),
    Option("fields", ("--fields",), "Comma-separated keys to show: id,title,due."),
)


def records_data(ledger: Ledger, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records as their files hold them (json/yaml output, --fields beyond the index,
    show): tasks and windows as the index stored them, the rest from their files."""
    stored = ledger.index.stored_data(rows)
    return [
        data if data is not None else record_data(ledger, row)
        for row, data in zip(rows, stored, strict=True)
    ]


def record_data(ledger: Ledger, row: dict[str, Any]) -> dict[str, Any]:
    """One record as its file holds it, read from the file."""
    from opsledger.store.records import load_data

    if str(row.get("path", "")).endswith(".md"):
        from opsledger.index.runbook import markdown_data

        return markdown_data(ledger.ws.paths.root, row["path"])
    if row.get("path") == "inventory.yaml":
        components: dict[str, Any] = ledger.ws.inventory_data.get("components") or {}
        found: dict[str, Any] = components.get(row["id"]) or {}
        return {"id": row["id"], **found}
    data, _ = load_data(ledger.ws, ledger.ws.paths.root / row["path"])
    return data


def emit_page(ledger: Ledger, page: Page, kind: str, fields: str | None, fmt: str) -> None:
    from opsledger.index.service import ROW_COLUMNS

    columns = tuple(f.strip() for f in fields.split(",") if f.strip()) if fields else COLUMNS[kind]
    indexed = set(ROW_COLUMNS) | {"kind"}
    if fmt in ("json", "yaml") or not set(columns) <= indexed:
        rows = records_data(ledger, page.rows)
        if fields:
            rows = [{c: r[c] for c in columns if c in r} for r in rows]
    else:
        rows = page.rows
    emit_rows(rows, columns, fmt)
    if page.next_cursor:
        echo(f"more: --after {page.next_cursor}", err=True)


def option_terms(
    statuses: tuple[str, ...],
    priorities: tuple[str, ...],
    task_type: str | None,
    people: dict[str, str | None],
    tags: tuple[str, ...],
    components: tuple[str, ...],
) -> Node | None:
    """The classic filter options as query terms, ANDed to the query."""
    from opsledger.index.qast import And, Term

    terms: list[Node] = []
    if statuses:
        terms.append(Term("status", "=", ",".join(statuses), 0, 0))
    if priorities:
        terms.append(Term("priority", "=", ",".join(priorities), 0, 0))
    if task_type:
        terms.append(Term("type", "=", task_type, 0, 0))
    terms += [Term(name, "=", value, 0, 0) for name, value in people.items() if value]
    terms += [Term("tag", "=", tag, 0, 0) for tag in tags]
    if components:
        terms.append(Term("component", "=", ",".join(components), 0, 0))
    return And(tuple(terms)) if terms else None


SPEC = CommandSpec(
    name="list",
    doc="""List records matching a query (docs/query.md); open tasks, most urgent first, unless
    --all or the query names statuses.

    Example: opsledger list 'is:open priority:>=high component:aws/**/db/** -tag:noise' --sort -due
    """,
    arguments=(Argument("query", nargs=-1, raw=True),),
    options=(
        Option("statuses", ("--status",), "Only these statuses (repeatable).", multiple=True),
        Option("priorities", ("--priority",), "Only these priorities (repeatable).", multiple=True),
        Option("task_type", ("--type",), "Tasks or incidents.", choices=("task", "incident")),
        Option("assignee", ("--assignee",), "Only tasks of this person; 'me' for yourself."),
        Option("team", ("--team",), "Only tasks of this team."),
        Option("client", ("--client",), "Only tasks of this client."),
        Option("tags", ("--tag",), "Only tasks with this tag (repeatable: all).", multiple=True),
        Option(
            "components",
            ("--component",),
            "Only records on components under this reference or glob (repeatable).",
            multiple=True,
        ),
        Option("include_closed", ("--all",), "Include done and cancelled tasks.", is_flag=True),
        *PAGE_OPTIONS,
        *FORMAT_OPTIONS,
    ),
    query_words=True,
)


def run(
    app: AppContext,
    query: tuple[str, ...],
    statuses: tuple[str, ...],
    priorities: tuple[str, ...],
    task_type: str | None,
    assignee: str | None,
    team: str | None,
    client: str | None,
    tags: tuple[str, ...],
    components: tuple[str, ...],
    include_closed: bool,
    kind: str,
    sort: str | None,
    limit: int | None,
    after: str | None,
    fields: str | None,
    fmt: str,
    as_json: bool,
    as_yaml: bool,
) -> int:
    ledger = app.ledger()
    extra = option_terms(
        statuses,
        priorities,
        task_type,
        {"assignee": assignee, "team": team, "client": client},
        tags,
        components,
    )
    page = ledger.index.query(
        " ".join(query),
        kind=KINDS[kind],
        sort=sort,
        limit=limit,
        after=after,
        open_only=not include_closed,
        extra=extra,
    )
    emit_page(ledger, page, KINDS[kind], fields, pick_format(fmt, as_json, as_yaml))
    return 0


command = SPEC
