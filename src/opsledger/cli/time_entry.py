from __future__ import annotations

from typing import Any

import click

from opsledger.cli.args import parse_time_arg
from opsledger.cli.context import AppContext


@click.command()
@click.argument("task_id", metavar="ID")
@click.argument("duration", required=False)
@click.option("--start", "start_at", metavar="T", help="When the work started.")
@click.option("--end", "end_at", metavar="T", help="When the work ended.")
@click.option("--client", help="Client (default: the task's, else its components').")
@click.option("--project", help="Project code (default: the task's).")
@click.option("--component", help="The component worked on.")
@click.option("--note", help="What the time was for.")
@click.option("--no-billable", is_flag=True, help="Record the time as not billable.")
@click.pass_obj
def add(
    app: AppContext, task_id: str, duration: str | None, start_at: str | None,
    end_at: str | None, client: str | None, project: str | None, component: str | None,
    note: str | None, no_billable: bool,
) -> int:  # fmt: skip
    """Record time directly: a DURATION (ending now or at --end) or --start and --end.

    Example: opsledger time add 3kq9 1h30m --note "post-mortem write-up"
    """
    ledger = app.ledger()
    start = parse_time_arg(ledger, start_at, "--start") if start_at else None
    end = parse_time_arg(ledger, end_at, "--end") if end_at else None
    task, entry = ledger.time.add(
        task_id,
        duration,
        start=start,
        end=end,
        client=client,
        project=project,
        component=component,
        note=note,
        billable=not no_billable,
    )
    click.echo(f"recorded {entry['id']} on {task}")
    return 0


@click.command()
@click.argument("entry_id", metavar="ENTRY-ID")
@click.option("--start", "start_at", metavar="T", help="New start.")
@click.option("--end", "end_at", metavar="T", help="New end.")
@click.option("--duration", help="New length (replaces the end).")
@click.option("--client", help="New client.")
@click.option("--project", help="New project code.")
@click.option("--component", help="New component.")
@click.option("--note", help="New note.")
@click.option("--billable/--no-billable", default=None, help="Change billability.")
@click.pass_obj
def edit(
    app: AppContext, entry_id: str, start_at: str | None, end_at: str | None,
    duration: str | None, client: str | None, project: str | None, component: str | None,
    note: str | None, billable: bool | None,
) -> int:  # fmt: skip
    """Change one entry (ENTRY-ID or TASK/ENTRY-ID); the change is kept as an event.

    Entries in a locked (invoiced) period cannot be changed.

    Example: opsledger time edit t4h8wz --end 2026-11-20T11:15 --note "incl. write-up"
    """
    from opsledger.timetrack.editing import parse_positive

    ledger = app.ledger()
    changes: dict[str, Any] = {}
    if start_at:
        changes["start"] = ledger.ws.timestamp(parse_time_arg(ledger, start_at, "--start"))
    if end_at:
        changes["end"] = ledger.ws.timestamp(parse_time_arg(ledger, end_at, "--end"))
    if duration:
        seconds = int(parse_positive(duration).total_seconds())
        changes["minutes"] = max(1, round(seconds / 60))
    for key, value in (
        ("client", client),
        ("project", project),
        ("component", component),
        ("note", note),
        ("billable", billable),
    ):
        if value is not None:
            changes[key] = value
    task, entry = ledger.time.edit(entry_id, **changes)
    click.echo(f"changed {entry['id']} on {task}")
    return 0


@click.command()
@click.argument("entry_id", metavar="ENTRY-ID")
@click.pass_obj
def rm(app: AppContext, entry_id: str) -> int:
    """Remove one entry (ENTRY-ID or TASK/ENTRY-ID); the removal is kept as an event.

    Example: opsledger time rm t4h8wz
    """
    task, entry = app.ledger().time.rm(entry_id)
    click.echo(f"removed {entry['id']} from {task}")
    return 0
