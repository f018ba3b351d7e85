from __future__ import annotations

import click

from opsledger.cli.context import AppContext
from opsledger.cli.output import emit_rows, format_options, pick_format


@click.command()
@click.option(
    "--component",
    "components",
    multiple=True,
    required=True,
    help="Component id or glob the work touches (repeatable).",
)
@click.option("--duration", required=True, help="Length of the work, e.g. 2h.")
@click.option("--within", default="14d", show_default=True, help="How far ahead to look.")
@click.option("--allowed-hours", help="Local hours the slot must lie in: 1-5, 22-4, 1-5,13-15.")
@click.option("--allowed-days", help="Days a slot may start on: mon-fri, sat,sun.")
@click.option("--team", help="Team doing the work (capacity from people.yaml).")
@click.option("--engineers", type=click.IntRange(min=0), default=0, help="People needed.")
@click.option(
    "--count",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="How many slots to list.",
)
@format_options
@click.pass_obj
def free(
    app: AppContext,
    components: tuple[str, ...],
    duration: str,
    within: str,
    allowed_hours: str | None,
    allowed_days: str | None,
    team: str | None,
    engineers: int,
    count: int,
    fmt: str,
    as_json: bool,
    as_yaml: bool,
) -> int:
    """List the next conflict-free slots for a piece of work. Exits 1 when none is found.

    Example: opsledger window free --component 'prod/db/**' --duration 2h --within 14d \\
    --allowed-hours 1-5 --allowed-days mon-fri --team dba --engineers 2
    """
    from opsledger.model.durations import parse_duration
    from opsledger.model.errors import UsageError
    from opsledger.schedule.slotargs import parse_days, parse_hours

    ledger = app.ledger()
    try:
        length, ahead = parse_duration(duration), parse_duration(within)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    slots = ledger.windows.free(
        list(components),
        length,
        within=ahead,
        allowed_hours=parse_hours(allowed_hours) if allowed_hours else (),
        allowed_days=parse_days(allowed_days) if allowed_days else frozenset(),
        team=team,
        engineers=engineers,
        count=count,
    )
    zone = ledger.ws.zone
    rows = [
        {
            "start": ledger.ws.timestamp(s),
            "end": ledger.ws.timestamp(e),
            "day": s.astimezone(zone).strftime("%a"),
        }
        for s, e in slots
    ]
    emit_rows(rows, ("start", "end", "day"), pick_format(fmt, as_json, as_yaml), id_key="start")
    if not slots:
        click.echo("no free slot in that range", err=True)
    return 0 if slots else 1
