from __future__ import annotations

from opsledger.cli.context import AppContext
from opsledger.cli.optspec import CommandSpec
from opsledger.cli.output import FORMAT_OPTIONS, echo, pick_format

SPEC = CommandSpec(
    name="status",
    doc="""At a glance: open incidents by priority, my tasks, overdue and blocked tasks, what
    changed in the last 7 days, and the next windows.

    Example: opsledger -C ops status
    """,
    options=FORMAT_OPTIONS,
)


def run(app: AppContext, fmt: str, as_json: bool, as_yaml: bool) -> int:
    from opsledger.cli.render_status import render_status, status_data

    ledger = app.ledger()
    summary = ledger.index.status()
    fmt = pick_format(fmt, as_json, as_yaml)
    if fmt in ("json", "yaml"):
        import json

        from opsledger.cli.output import to_yaml

        data = status_data(summary)
        echo(json.dumps(data, indent=2) if fmt == "json" else to_yaml(data), nl=fmt == "json")
        return 0
    name = str(ledger.ws.config_data.get("name") or ledger.root.name)
    echo(render_status(name, summary, ledger.ws.timestamp()))
    return 0


command = SPEC
