from __future__ import annotations

import click

from opsledger.cli.context import AppContext


@click.command()
@click.argument("record_id", metavar="ID")
@click.option("-y", "--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def rm(app: AppContext, record_id: str, yes: bool) -> int:
    """Delete a task file, as one commit (git history keeps it).

    Example: opsledger task rm 3kq9 --yes
    """
    ledger = app.ledger()
    task_id, _ = ledger.tasks.resolve(record_id)
    if not yes and not click.confirm(f"delete {task_id}?", default=False):
        click.echo("kept")
        return 1
    ledger.tasks.remove(task_id)
    click.echo(f"removed {task_id}")
    return 0
