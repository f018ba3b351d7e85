from __future__ import annotations

import click

from opsledger.cli.context import AppContext
from opsledger.cli.output import emit_record, format_options, pick_format


@click.command()
@click.argument("record_id", metavar="ID")
@format_options
@click.pass_obj
def show(app: AppContext, record_id: str, fmt: str, as_json: bool, as_yaml: bool) -> int:
    """Show one record with its related records; any unique id prefix works.

    Example: opsledger show 3kq9 --json
    """
    from opsledger.cli.render_task import render_task
    from opsledger.store.records import load_data
    from opsledger.tasks.related import related_tasks

    ledger = app.ledger()
    task_id, path = ledger.tasks.resolve(record_id)
    data, _ = load_data(ledger.ws, path)
    emit_record(
        data,
        pick_format(fmt, as_json, as_yaml),
        lambda: render_task(data, related_tasks(ledger.ws, task_id, data)),
    )
    return 0


command = show
