from __future__ import annotations

from opsledger.cli.context import AppContext
from opsledger.cli.optspec import Argument, CommandSpec, Option
from opsledger.cli.output import FORMAT_OPTIONS, echo, emit_rows, pick_format

COMMAND_COLUMNS = ("task", "at", "host", "exit", "cmd")
WHERE = ("tasks", "commands", "windows", "changes", "components", "runbooks")

SPEC = CommandSpec(
    name="search",
    doc="""Full-text search, best match first: titles, descriptions, comments, commands and
    their outputs; field terms narrow it (docs/query.md).

    Example: opsledger search --in commands '"systemctl restart" host:pg-07 exit:>0'
    """,
    arguments=(Argument("query", required=True, nargs=-1, raw=True),),
    options=(
        Option(
            "where",
            ("--in",),
            "What to search: records, or commands as rows.",
            choices=WHERE,
            default="tasks",
            show_default=True,
        ),
        Option("sort", ("--sort",), "Sort keys, '-' for descending (default: best match first)."),
        Option(
            "limit",
            ("--limit",),
            "Show at most N rows.",
            kind=int,
            minimum=1,
            default="50",
            show_default=True,
        ),
        Option("after", ("--after",), "The page after this cursor.", metavar="CURSOR"),
        Option("fields", ("--fields",), "Comma-separated keys to show."),
        *FORMAT_OPTIONS,
    ),
    query_words=True,
)


def run(
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
    ledger = app.ledger()
    fmt = pick_format(fmt, as_json, as_yaml)
    text = " ".join(query)
    if where == "commands":
        page = ledger.index.search_commands(text, sort=sort, limit=limit, after=after)
        columns = tuple(f.strip() for f in fields.split(",")) if fields else COMMAND_COLUMNS
        emit_rows(page.rows, columns, fmt, id_key="task")
        if page.next_cursor:
            echo(f"more: --after {page.next_cursor}", err=True)
        return 0
    from opsledger.cli.commands.list import KINDS, emit_page

    kind = KINDS[where]
    page = ledger.index.query(text, kind=kind, sort=sort, limit=limit, after=after)
    emit_page(ledger, page, kind, fields, fmt)
    return 0


command = SPEC
