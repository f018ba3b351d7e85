from __future__ import annotations

import click

from opsledger.cli.context import AppContext


@click.command()
@click.argument("record_id", metavar="ID")
@click.argument("code", type=int)
@click.pass_obj
def exit_(app: AppContext, record_id: str, code: int) -> int:
    """Set the exit status of the task's last command (after a capture).

    Example: opsledger cmd exit 3kq9 "${PIPESTATUS[0]}"
    """
    entry = app.ledger().commands.set_exit(record_id, code)
    click.echo(f"{entry['id']}: exit {code}")
    return 0
