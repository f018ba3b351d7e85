from __future__ import annotations

import sys
from typing import Any

import click

from opsledger.cli.context import AppContext
from opsledger.cli.time_options import build_filter, filter_options


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv"]),
    default="csv",
    show_default=True,
    help="Output format.",
)
@filter_options
@click.pass_obj
def export(app: AppContext, fmt: str, query: tuple[str, ...], **options: Any) -> int:
    """Write raw entries as CSV for invoicing tools (columns in docs/time.md).

    Example: opsledger time export client:acme --since 2026-11-01 --until 2026-12-01 > acme.csv
    """
    ledger = app.ledger()
    click.echo(ledger.time.export_csv(build_filter(ledger, options), query), nl=False)
    return 0


@click.command(name="import")
@click.option(
    "--source", type=click.Choice(["timewarrior"]), required=True, help="What produced the input."
)
@click.option("--task", "task_id", metavar="ID", help="Task for intervals without a task tag.")
@click.option("--who", help="Whose time it is (default: you).")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True), default="-")
@click.pass_obj
def import_(app: AppContext, source: str, task_id: str | None, who: str | None,
            file: str) -> int:  # fmt: skip
    """Import intervals, e.g. `timew export` JSON (from FILE or stdin), in one commit.

    Example: timew export :month | opsledger time import --source timewarrior
    """
    if file == "-":
        text = sys.stdin.read()
    else:
        with open(file, encoding="utf-8") as handle:
            text = handle.read()
    result = app.ledger().time.import_timewarrior(text, who=who, task=task_id)
    click.echo(
        f"imported {len(result.added)} entries ({result.skipped_known} already there, "
        f"{result.skipped_open} still running)"
    )
    return 0
