from __future__ import annotations

import click

from opsledger.cli.lazy import LazyGroup

ALERT_COMMANDS = {
    "ingest": "opsledger.cli.alert_ingest:ingest",
    "serve": "opsledger.cli.alert_serve:serve",
    "rejected": "opsledger.cli.alert_rejected:rejected",
}


@click.group(cls=LazyGroup, lazy_commands=ALERT_COMMANDS)
def alert() -> None:
    """Turn monitoring alerts into tasks: ingest payloads, run the webhook receiver.

    Example: opsledger alert ingest --source alertmanager payload.json
    """


command = alert
