from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from opsledger.cli.context import AppContext
from opsledger.cli.output import emit_rows, format_options, pick_format

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


class QueryCommand(click.Command):
    """Words of the query may start with '-' (``-tag:noise``): anything that is not one of
    the command's options (nor looks like a long one) is part of the query, wherever it
    stands."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        takes_value: dict[str, bool] = {name: False for name in ctx.help_option_names}
        for param in self.get_params(ctx):
            if isinstance(param, click.Option):
                for name in (*param.opts, *param.secondary_opts):
                    takes_value[name] = not param.is_flag and not param.count
        options: list[str] = []
        words: list[str] = []
        rest = iter(args)
        for arg in rest:
            name = arg.split("=", 1)[0]
            if arg == "--":
                words += list(rest)
            elif name in takes_value:
                options.append(arg)
                if takes_value[name] and "=" not in arg:
                    options += [next(rest, "")]
            elif arg.startswith("--"):
                options.append(arg)  # a misspelt option: let click say so
            else:
                words.append(arg)
        return super().parse_args(ctx, [*options, "--", *words])


def page_options(func: Any) -> Any:
    """The options every query command shares: --in, --sort, --limit, --after, --fields."""
    for option in reversed(
        (
            click.option(
                "--in",
                "kind",
                type=click.Choice(list(KINDS)),
                default="tasks",
                show_default=True,
                help="Which records to query.",
            ),
            click.option("--sort", help="Sort keys, '-' for descending: -priority,created."),
            click.option("--limit", type=click.IntRange(min=1), help="Show at most N rows."),
            click.option("--after", metavar="CURSOR", help="The page after this cursor."),
            click.option("--fields", help="Comma-separated keys to show: id,title,due."),
        )
    ):
        func = option(func)
    return func


def record_data(ledger: Ledger, row: dict[str, Any]) -> dict[str, Any]:
    """The record as its file holds it (json/yaml output and --fields beyond the index)."""
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
        rows = [record_data(ledger, r) for r in page.rows]
        if fields:
            rows = [{c: r[c] for c in columns if c in r} for r in rows]
    else:
        rows = page.rows
    emit_rows(rows, columns, fmt)
    if page.next_cursor:
        click.echo(f"more: --after {page.next_cursor}", err=True)


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


@click.command("list", cls=QueryCommand)
@click.argument("query", nargs=-1, type=click.UNPROCESSED)
@click.option("--status", "statuses", multiple=True, help="Only these statuses (repeatable).")
@click.option("--priority", "priorities", multiple=True, help="Only these priorities (repeatable).")
@click.option(
    "--type", "task_type", type=click.Choice(["task", "incident"]), help="Tasks or incidents."
)
@click.option("--assignee", help="Only tasks of this person; 'me' for yourself.")
@click.option("--team", help="Only tasks of this team.")
@click.option("--client", help="Only tasks of this client.")
@click.option("--tag", "tags", multiple=True, help="Only tasks with this tag (repeatable: all).")
@click.option(
    "--component",
    "components",
    multiple=True,
    help="Only records on components under this reference or glob (repeatable).",
)
@click.option("--all", "include_closed", is_flag=True, help="Include done and cancelled tasks.")
@page_options
@format_options
@click.pass_obj
def list_(
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
    """List records matching a query (docs/query.md); open tasks, most urgent first, unless
    --all or the query names statuses.

    Example: opsledger list 'is:open priority:>=high component:aws/**/db/** -tag:noise' --sort -due
    """
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


command = list_
