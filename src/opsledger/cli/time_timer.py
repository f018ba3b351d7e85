from __future__ import annotations

import click

from opsledger.cli.args import parse_time_arg
from opsledger.cli.context import AppContext


@click.command()
@click.argument("task_id", metavar="ID")
@click.option("--client", help="Client (default: the task's, else its components').")
@click.option("--project", help="Project code (default: the task's).")
@click.option("--component", help="The component worked on.")
@click.option("--note", help="What the time is for.")
@click.option("--no-billable", is_flag=True, help="Record the time as not billable.")
@click.option("--at", metavar="T", help="Start at T instead of now.")
@click.pass_obj
def start(
    app: AppContext, task_id: str, client: str | None, project: str | None,
    component: str | None, note: str | None, no_billable: bool, at: str | None,
) -> int:  # fmt: skip
    """Start a timer on a task (one per person; a running one is stopped first).

    The timer lives in local state until `time stop` records it as an entry.

    Example: opsledger time start 3kq9 --project OPS-42 --note "WAL archiving"
    """
    ledger = app.ledger()
    moment = parse_time_arg(ledger, at, "--at") if at else None
    started = ledger.time.start(
        task_id,
        at=moment,
        client=client,
        project=project,
        component=component,
        note=note,
        billable=not no_billable,
    )
    for notice in started.notices:
        click.echo(notice, err=True)
    timer = started.timer
    where = "/".join(x for x in (timer.client, timer.project) if x) or "internal"
    click.echo(f"started {timer.entry} on {timer.task} at {timer.start} ({where})")
    return 0


@click.command()
@click.option("--at", metavar="T", help="Stop at T instead of now.")
@click.pass_obj
def stop(app: AppContext, at: str | None) -> int:
    """Stop the running timer and record the entry on its task (one commit).

    Example: opsledger time stop --at 11:45
    """
    from opsledger.timetrack.overlap import format_duration_s

    ledger = app.ledger()
    moment = parse_time_arg(ledger, at, "--at") if at else None
    stopped = ledger.time.stop(at=moment)
    click.echo(
        f"recorded {stopped.entry['id']} on {stopped.task}: {format_duration_s(stopped.seconds)}"
    )
    return 0


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the timer as JSON.")
@click.pass_obj
def status(app: AppContext, as_json: bool) -> int:
    """Show the running timer; exits 1 when none runs.

    Example: opsledger time status
    """
    import json
    from dataclasses import asdict

    from opsledger.timetrack.overlap import format_duration_s

    found = app.ledger().time.status()
    if found is None:
        click.echo("no timer running", err=not as_json)
        return 1
    timer, elapsed = found
    if as_json:
        click.echo(json.dumps({**asdict(timer), "elapsed_seconds": elapsed}, indent=2))
    else:
        note = f" — {timer.note}" if timer.note else ""
        click.echo(f"{timer.task} since {timer.start} ({format_duration_s(max(elapsed, 0))}){note}")
    return 0
