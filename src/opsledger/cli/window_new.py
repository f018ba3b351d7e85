from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from opsledger.cli.context import AppContext

F = Callable[..., Any]


def window_field_options(func: F, *, title: bool = False) -> F:
    """Every field of the window format as a flag (shared by ``new`` and ``edit``)."""
    options = [click.option("--title", help="New title.")] if title else []
    options += [
        click.option(
            "--kind", type=click.Choice(["maintenance", "freeze", "critical"]), help="Window kind."
        ),
        click.option(
            "--priority",
            type=click.Choice(["critical", "high", "medium", "low"]),
            help="Who yields in a conflict: the lower priority moves.",
        ),
        click.option("--start", help="Start: 2026-12-05T22:00 (ledger timezone) or with offset."),
        click.option("--end", help="End time (or give --duration)."),
        click.option("--duration", help="Length, e.g. 4h or 1h30m (or give --end)."),
        click.option("--timezone", help="IANA zone the window recurs in (default: the ledger's)."),
        click.option("--recurrence", help="RRULE body, e.g. FREQ=MONTHLY;BYDAY=1SA."),
        click.option("--cron", help="Cron expression, e.g. '0 6 * * 1' (needs --duration)."),
        click.option("--until", help="Last possible start of a recurring window."),
        click.option("--count", type=click.IntRange(min=1), help="Number of occurrences."),
        click.option(
            "--exclude", "exclude", multiple=True, help="Skip this occurrence (repeatable)."
        ),
        click.option(
            "--component", "components", multiple=True, help="Component id or glob (repeatable)."
        ),
        click.option("--team", help="Team from people.yaml doing the work."),
        click.option("--engineers", type=click.IntRange(min=0), help="People of the team needed."),
        click.option("--change", help="Change record id."),
        click.option(
            "--task", "tasks", multiple=True, help="Task done in this window (repeatable)."
        ),
        click.option("--owner", help="Person responsible."),
        click.option("--tag", "tags", multiple=True, help="Tag (repeatable)."),
        click.option(
            "--label", "labels", multiple=True, metavar="KEY=VALUE", help="Label (repeatable)."
        ),
        click.option("-d", "--description", help="Markdown description."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def collect_fields(app: AppContext, values: dict[str, Any]) -> dict[str, Any]:
    """Command-line values as window fields: times typed by people become timestamps."""
    from opsledger.cli.args import parse_labels, parse_time_arg

    ledger = app.ledger()
    fields: dict[str, Any] = {}
    for key, value in values.items():
        if value in (None, (), ""):
            continue
        if key in ("start", "end", "until"):
            value = ledger.ws.timestamp(parse_time_arg(ledger, value, f"--{key}"))
        elif key == "exclude":
            value = [ledger.ws.timestamp(parse_time_arg(ledger, v, "--exclude")) for v in value]
        elif key == "labels":
            value = parse_labels(value)
        elif key == "tasks":
            value = [ledger.tasks.resolve(t)[0] for t in value]
        elif isinstance(value, tuple):
            value = list(value)  # pyright: ignore[reportUnknownArgumentType, reportUnknownVariableType]
        fields[key] = value
    return fields


@click.command()
@click.argument("title")
@window_field_options
@click.pass_obj
def new(app: AppContext, title: str, **values: Any) -> int:
    """Create a window as one commit: windows/W-xxxxxxxx.yaml.

    Example: opsledger window new "Monthly DB patching" --start 2026-12-05T22:00 \\
    --duration 4h --recurrence 'FREQ=MONTHLY;BYDAY=1SA' --component 'aws/*/prod/db/**' \\
    --team dba --engineers 2
    """
    data = app.ledger().windows.create(title, **collect_fields(app, values))
    click.echo(f"created {data['id']}  {title}")
    return 0
