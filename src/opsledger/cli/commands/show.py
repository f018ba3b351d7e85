from __future__ import annotations

import click

from opsledger.cli.context import AppContext
from opsledger.cli.output import emit_record, format_options, pick_format


@click.command()
@click.argument("record_id", metavar="ID")
@format_options
@click.pass_obj
def show(app: AppContext, record_id: str, fmt: str, as_json: bool, as_yaml: bool) -> int:
    """Show one record with its related records (change, window, dependencies, dependents,
    parent, children); any unique id prefix works, a component by its path, and a runbook
    by its slug.

    Example: opsledger show 3kq9 --json
    """
    from opsledger.cli.commands.list import record_data
    from opsledger.cli.render_task import render_runbook, render_task

    ledger = app.ledger()
    row = ledger.index.resolve(record_id)
    data = record_data(ledger, row)
    render = render_runbook if row["kind"] == "runbook" else render_task
    emit_record(
        data,
        pick_format(fmt, as_json, as_yaml),
        lambda: render(data, ledger.index.related(row["id"])),
    )
    return 0


command = show
