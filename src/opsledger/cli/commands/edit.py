from __future__ import annotations

import click

from opsledger.cli.context import AppContext


@click.command()
@click.argument("record_id", metavar="ID")
@click.pass_obj
def edit(app: AppContext, record_id: str) -> int:
    """Edit a record in $EDITOR; it is validated before it is committed.

    Example: EDITOR=vim opsledger edit 3kq9
    """
    from opsledger.cli.editor import edit_until_valid

    ledger = app.ledger()
    task_id, path = ledger.tasks.resolve(record_id)
    text = path.read_text(encoding="utf-8")
    task = edit_until_valid(text, path.name, lambda edited: ledger.tasks.replace(task_id, edited))
    if task is not None:
        click.echo(f"saved {task.id}")
    return 0


command = edit
