from __future__ import annotations

from opsledger.cli.context import AppContext
from opsledger.cli.optspec import Argument, CommandSpec
from opsledger.cli.output import FORMAT_OPTIONS, emit_record, pick_format

SPEC = CommandSpec(
    name="show",
    doc="""Show one record with its related records (change, window, dependencies, dependents,
    parent, children); any unique id prefix works, a component by its path, and a runbook
    by its slug.

    Example: opsledger show 3kq9 --json
    """,
    arguments=(Argument("record_id", required=True, metavar="ID"),),
    options=FORMAT_OPTIONS,
)


def run(app: AppContext, record_id: str, fmt: str, as_json: bool, as_yaml: bool) -> int:
    from opsledger.cli.commands.list import records_data
    from opsledger.cli.render_task import render_runbook, render_task

    ledger = app.ledger()
    row = ledger.index.resolve(record_id)
    (data,) = records_data(ledger, [row])
    render = render_runbook if row["kind"] == "runbook" else render_task
    emit_record(
        data,
        pick_format(fmt, as_json, as_yaml),
        lambda: render(data, ledger.index.related(row["id"])),
    )
    return 0


command = SPEC
