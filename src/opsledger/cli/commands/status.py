from __future__ import annotations

import click

from opsledger.cli.context import AppContext
from opsledger.cli.output import format_options, pick_format


@click.command()
@format_options
@click.pass_obj
def status(app: AppContext, fmt: str, as_json: bool, as_yaml: bool) -> int:
    """At a glance: open incidents by priority, my tasks, overdue and blocked tasks, what
    changed in the last 7 days, and the next windows.

    Example: opsledger -C ops status
    """
    from opsledger.cli.render_status import render_status, status_data

    ledger = app.ledger()
    summary = ledger.index.status()
    fmt = pick_format(fmt, as_json, as_yaml)
    if fmt in ("json", "yaml"):
        import json

        from opsledger.cli.output import to_yaml

        data = status_data(summary)
        click.echo(json.dumps(data, indent=2) if fmt == "json" else to_yaml(data), nl=fmt == "json")
        return 0
    name = str(ledger.ws.config_data.get("name") or ledger.root.name)
    click.echo(render_status(name, summary, ledger.ws.timestamp()))
    return 0


command = status
