from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from opsledger.cli.context import AppContext
from opsledger.cli.output import emit_rows, format_options, pick_format

if TYPE_CHECKING:
    from opsledger.ledger import Ledger
    from opsledger.schedule.queries import Occ

COLUMNS = ("id", "kind", "start", "end", "title", "components")


def occ_rows(ledger: Ledger, occs: list[Occ]) -> list[dict[str, Any]]:
    return [
        {
            "id": o.window.id,
            "kind": o.window.kind,
            "start": ledger.ws.timestamp(o.start),
            "end": ledger.ws.timestamp(o.end),
            "title": o.window.title,
            "components": list(o.window.components),
        }
        for o in occs
    ]


@click.command()
@click.argument("moment", metavar="TIME", default="now")
@click.option("--component", "components", multiple=True, help="Only windows touching this.")
@format_options
@click.pass_obj
def at(
    app: AppContext,
    moment: str,
    components: tuple[str, ...],
    fmt: str,
    as_json: bool,
    as_yaml: bool,
) -> int:
    """Show what is in maintenance, frozen or critical at TIME (default: now).

    Example: opsledger window at 2026-12-05T23:00 --component aws/eu-west-1/prod/db/pg-07
    """
    from opsledger.cli.args import parse_time_arg

    ledger = app.ledger()
    when = parse_time_arg(ledger, moment, "TIME")
    occs = ledger.windows.at(when, list(components))
    emit_rows(occ_rows(ledger, occs), COLUMNS, pick_format(fmt, as_json, as_yaml))
    return 0


@click.command("next")
@click.option("--component", "components", multiple=True, help="Only windows touching this.")
@click.option(
    "--limit", type=click.IntRange(min=1), default=10, show_default=True, help="How many windows."
)
@format_options
@click.pass_obj
def next_(
    app: AppContext,
    components: tuple[str, ...],
    limit: int,
    fmt: str,
    as_json: bool,
    as_yaml: bool,
) -> int:
    """Show the windows that start next (one line per window, its next occurrence).

    Example: opsledger window next --component 'aws/*/prod/db/**' --limit 3
    """
    ledger = app.ledger()
    occs = ledger.windows.next(list(components), limit=limit)
    emit_rows(occ_rows(ledger, occs), COLUMNS, pick_format(fmt, as_json, as_yaml))
    return 0
