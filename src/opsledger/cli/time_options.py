"""Options shared by the ``time`` commands: the entry's billing fields (as ``optspec``
data, for ``time start`` and ``time add``), and the read commands' filter and format.

Nothing here imports click until a read command's decorator runs: the writing verbs run
without it (DESIGN 7)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from opsledger.cli.args import parse_time_arg
from opsledger.cli.optspec import Option

if TYPE_CHECKING:
    from opsledger.ledger import Ledger
    from opsledger.timetrack.query import EntryFilter

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("table", "json", "csv", "yaml", "md")

CLIENT = Option("client", ("--client",), "Client (default: the task's, else its components').")
PROJECT = Option("project", ("--project",), "Project code (default: the task's).")
COMPONENT = Option("component", ("--component",), "The component worked on.")
NO_BILLABLE = Option(
    "no_billable", ("--no-billable",), "Record the time as not billable.", is_flag=True
)


def filter_options(func: F) -> F:
    import click

    options = [
        click.argument("query", nargs=-1),
        click.option("--since", metavar="T", help="Only time from T on (entries are clipped)."),
        click.option("--until", metavar="T", help="Only time before T (entries are clipped)."),
        click.option("--client", "clients", multiple=True, help="Only this client (repeatable)."),
        click.option("--project", "projects", multiple=True, help="Only this project."),
        click.option("--who", "people", multiple=True, help="Only this person (repeatable)."),
        click.option("--component", "components", multiple=True, help="Components, globs allowed."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def format_option(func: F) -> F:
    import click

    func = click.option("--json", "as_json", is_flag=True, help="Shorthand for --format json.")(
        func
    )
    return click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
        help="Output format (md: a Markdown table).",
    )(func)  # fmt: skip


def build_filter(ledger: Ledger, options: dict[str, Any]) -> EntryFilter:
    from opsledger.timetrack.query import EntryFilter

    flt = EntryFilter(
        clients=set(options["clients"]),
        projects=set(options["projects"]),
        people=set(options["people"]),
        components=list(options["components"]),
    )
    if options.get("since"):
        flt.since = int(parse_time_arg(ledger, options["since"], "--since").timestamp())
    if options.get("until"):
        flt.until = int(parse_time_arg(ledger, options["until"], "--until").timestamp())
    return flt


def hours(seconds: int) -> str:
    """``H:MM`` for tables (seconds round to the nearest minute)."""
    minutes = (seconds + 30) // 60
    return f"{minutes // 60}:{minutes % 60:02d}"


def markdown(rows: list[dict[str, Any]], columns: list[str]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        cells = [str(row.get(c, "") if row.get(c) is not None else "") for c in columns]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def emit(rows: list[dict[str, Any]], columns: list[str], fmt: str) -> None:
    import click

    from opsledger.cli.output import emit_rows

    if fmt == "md":
        click.echo(markdown(rows, columns))
    else:
        emit_rows(rows, columns, fmt)
