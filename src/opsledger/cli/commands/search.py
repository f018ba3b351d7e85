from __future__ import annotations

import click

from opsledger.cli.commands.list import QueryCommand
from opsledger.cli.context import AppContext
from opsledger.cli.output import emit_rows, format_options, pick_format

COMMAND_COLUMNS = ("task", "at", "host", "exit", "cmd")
WHERE = ("tasks", "commands", "windows", "changes", "components", "runbooks")


@click.command(cls=QueryCommand)
@click.argument("query", nargs=-1, type=click.UNPROCESSED, required=True)
@click.option(
    "--in",
    "where",
    type=click.Choice(WHERE),
    default="tasks",
    show_default=True,
    help="What to search: records, or commands as rows.",
)
@click.option("--sort", help="Sort keys, '-' for descending (default: best match first).")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    help="Show at most N rows.",
)
@click.option("--after", metavar="CURSOR", help="The page after this cursor.")
@click.option("--fields", help="Comma-separated keys to show.")
@format_options
@click.pass_obj
def search(
    app: AppContext,
    query: tuple[str, ...],
    where: str,
    sort: str | None,
    limit: int,
    after: str | None,
    fields: str | None,
    fmt: str,
    as_json: bool,
    as_yaml: bool,
) -> int:
    """Full-text search, best match first: titles, descriptions, comments, commands and
    their outputs; field terms narrow it (docs/query.md).

    Example: opsledger search --in commands '"systemctl restart" host:pg-07 exit:>0'
    """
    ledger = app.ledger()
    fmt = pick_format(fmt, as_json, as_yaml)
    text = " ".join(query)
    if where == "commands":
        page = ledger.index.search_commands(text, sort=sort, limit=limit, after=after)
        columns = tuple(f.strip() for f in fields.split(",")) if fields else COMMAND_COLUMNS
        emit_rows(page.rows, columns, fmt, id_key="task")
        if page.next_cursor:
            click.echo(f"more: --after {page.next_cursor}", err=True)
        return 0
    from opsledger.cli.commands.list import KINDS, emit_page

    kind = KINDS[where]
    page = ledger.index.query(text, kind=kind, sort=sort, limit=limit, after=after)
    emit_page(ledger, page, kind, fields, fmt)
    return 0


command = search
