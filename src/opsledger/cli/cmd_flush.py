from __future__ import annotations

import click

from opsledger.cli.context import AppContext


@click.command()
@click.argument("record_id", metavar="ID", required=False)
@click.pass_obj
def flush(app: AppContext, record_id: str | None) -> int:
    """Move the commands the shell hook spooled into their tasks, in one commit.

    Without ID every task's spooled commands are flushed.

    Example: opsledger cmd flush 3kq9
    """
    done = app.ledger().commands.flush(record_id)
    total = sum(len(a.entries) for a in done)
    click.echo(f"flushed {total} commands" + "".join(f" into {a.task_id}" for a in done))
    return 0
