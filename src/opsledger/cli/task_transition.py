"""``task assign|start|block|unblock|done|cancel|reopen ID``: one module, one shape."""

from __future__ import annotations

import click

from opsledger.cli.context import AppContext


def _run(
    app: AppContext,
    verb: str,
    record_id: str,
    *,
    to: str | None = None,
    resolution: str | None = None,
    note: str | None = None,
) -> int:
    ledger = app.ledger()
    if to == "me":
        to = ledger.me()
    task = ledger.tasks.transition(record_id, verb, assignee=to, resolution=resolution, note=note)
    click.echo(f"{task.id} is now {task.status}")
    return 0


_note = click.option("-m", "--note", help="Why, recorded on the status event.")


@click.command()
@click.argument("record_id", metavar="ID")
@click.option("--to", required=True, help="Person from people.yaml, or 'me'.")
@_note
@click.pass_obj
def assign(app: AppContext, record_id: str, to: str, note: str | None) -> int:
    """Assign a task to someone. Example: opsledger task assign 3kq9 --to olivia"""
    return _run(app, "assign", record_id, to=to, note=note)


@click.command()
@click.argument("record_id", metavar="ID")
@click.option("--to", help="Also take it over: person, or 'me'.")
@_note
@click.pass_obj
def start(app: AppContext, record_id: str, to: str | None, note: str | None) -> int:
    """Start work on a task. Example: opsledger task start 3kq9"""
    return _run(app, "start", record_id, to=to, note=note)


@click.command()
@click.argument("record_id", metavar="ID")
@_note
@click.pass_obj
def block(app: AppContext, record_id: str, note: str | None) -> int:
    """Mark a task in progress as blocked.

    Example: opsledger task block 3kq9 -m "waiting for vendor"
    """
    return _run(app, "block", record_id, note=note)


@click.command()
@click.argument("record_id", metavar="ID")
@_note
@click.pass_obj
def unblock(app: AppContext, record_id: str, note: str | None) -> int:
    """Resume a blocked task. Example: opsledger task unblock 3kq9"""
    return _run(app, "unblock", record_id, note=note)


@click.command()
@click.argument("record_id", metavar="ID")
@click.option("-r", "--resolution", help="What fixed it (required from open or assigned).")
@_note
@click.pass_obj
def done(app: AppContext, record_id: str, resolution: str | None, note: str | None) -> int:
    """Close a task as done. Example: opsledger task done 3kq9 -r "grew the volume to 1T" """
    return _run(app, "done", record_id, resolution=resolution, note=note)


@click.command()
@click.argument("record_id", metavar="ID")
@click.option("-r", "--resolution", help="Why it is cancelled.")
@_note
@click.pass_obj
def cancel(app: AppContext, record_id: str, resolution: str | None, note: str | None) -> int:
    """Cancel a task. Example: opsledger task cancel 3kq9 -r duplicate"""
    return _run(app, "cancel", record_id, resolution=resolution, note=note)


@click.command()
@click.argument("record_id", metavar="ID")
@_note
@click.pass_obj
def reopen(app: AppContext, record_id: str, note: str | None) -> int:
    """Reopen a done or cancelled task. Example: opsledger task reopen 3kq9 -m "came back" """
    return _run(app, "reopen", record_id, note=note)
