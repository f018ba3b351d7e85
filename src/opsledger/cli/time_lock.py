from __future__ import annotations

import click

from opsledger.cli.args import parse_time_arg
from opsledger.cli.context import AppContext


@click.command()
@click.option("--client", required=True, help="The client whose period is invoiced.")
@click.option("--until", "until", metavar="T", required=True, help="End of the billed period.")
@click.option("--note", help="E.g. the invoice number.")
@click.pass_obj
def lock(app: AppContext, client: str, until: str, note: str | None) -> int:
    """Lock a billed period: entries of the client up to T can no longer change.

    Writes a `locks` entry in policies/billing.yaml (one commit).

    Example: opsledger time lock --client acme --until 2026-11-30T23:59:59 --note INV-2026-1102
    """
    ledger = app.ledger()
    entry = ledger.time.lock(client, parse_time_arg(ledger, until, "--until"), note)
    click.echo(f"locked {client} up to {entry['until']}")
    return 0
