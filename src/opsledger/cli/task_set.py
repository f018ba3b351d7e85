from __future__ import annotations

import click

from opsledger.cli.context import AppContext


@click.command("set")
@click.argument("record_id", metavar="ID")
@click.argument("assignments", nargs=-1, required=True, metavar="KEY=VALUE...")
@click.pass_obj
def set_(app: AppContext, record_id: str, assignments: tuple[str, ...]) -> int:
    """Set fields by dotted key path; values are YAML scalars or flow values; KEY= removes.

    Example: opsledger task set 3kq9 priority=high labels.env=prod "tags=[disk, pg]"
    """
    from opsledger.cli.args import parse_assignment

    pairs = [parse_assignment(item) for item in assignments]
    task = app.ledger().tasks.set(record_id, pairs)
    click.echo(f"updated {task.id}")
    return 0
