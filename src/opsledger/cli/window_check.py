from __future__ import annotations

import click

from opsledger.cli.context import AppContext
from opsledger.cli.output import emit_rows, format_options, pick_format

COLUMNS = ("check", "file", "message")


@click.command()
@click.option("--horizon", default="90d", show_default=True, help="How far ahead to look.")
@click.option("--since", help="Start of the checked range (default: now).")
@click.option(
    "--suggest",
    type=click.IntRange(min=0),
    default=25,
    show_default=True,
    help="Look up the next free slot for the earliest N conflicts (0: none).",
)
@format_options
@click.pass_obj
def check(
    app: AppContext,
    horizon: str,
    since: str | None,
    suggest: int,
    fmt: str,
    as_json: bool,
    as_yaml: bool,
) -> int:
    """Check every window: conflicts, freezes, team capacity, linked changes and tasks.

    Exits 1 when there are findings. Example: opsledger window check --horizon 180d --json
    """
    from opsledger.cli.args import parse_time_arg
    from opsledger.model.durations import parse_duration
    from opsledger.model.errors import UsageError

    ledger = app.ledger()
    try:
        span = parse_duration(horizon)
    except ValueError as exc:
        raise UsageError(f"--horizon: {exc}") from None
    start = parse_time_arg(ledger, since, "--since") if since else None
    issues = ledger.windows.check(span, since=start, suggest=suggest)
    fmt = pick_format(fmt, as_json, as_yaml)
    rows = [issue.row(ledger.ws.zone) for issue in issues]
    if fmt == "table" and not rows:
        click.echo("no window findings", err=True)
    emit_rows(rows, COLUMNS, fmt, id_key="file")
    return 1 if issues else 0
