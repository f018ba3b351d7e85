from __future__ import annotations

import click

from opsledger.cli.context import AppContext
from opsledger.cli.output import emit_rows, format_options, pick_format


@click.command()
@click.argument("record_id", metavar="[ID]", required=False)
@format_options
@click.pass_obj
def log(app: AppContext, record_id: str | None, fmt: str, as_json: bool, as_yaml: bool) -> int:
    """List recorded commands in time order with their task.

    Example: opsledger cmd log 3kq9 --json
    """
    rows = app.ledger().commands.log(record_id)
    emit_rows(rows, ["at", "task", "exit", "host", "cmd"], pick_format(fmt, as_json, as_yaml))
    return 0
