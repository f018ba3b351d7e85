"""``secret rotate``: every value re-encrypted for today's recipients, one commit."""

from __future__ import annotations

import sys
from typing import Any

import click

from opsledger.cli.context import AppContext


@click.command()
@click.option(
    "--stale-only",
    is_flag=True,
    help="Only values whose r= fingerprint is not the current recipient set.",
)
@click.pass_obj
def rotate(app: AppContext, stale_only: bool) -> int:
    """Re-encrypt every value for the current recipients (after someone leaves).

    Example: opsledger secret rotate
    """
    from opsledger.cli.output import is_tty

    ledger = app.ledger()
    if is_tty():
        bar: Any = click.progressbar(length=1, label="re-encrypting", file=sys.stderr)
        with bar:

            def progress(done: int, total: int) -> None:
                bar.length = total
                bar.update(done - bar.pos)

            report = ledger.secrets.rotate(only_stale=stale_only, progress=progress)
    else:
        report = ledger.secrets.rotate(only_stale=stale_only)
    click.echo(f"re-encrypted {report.values} values in {len(report.files)} files")
    return 0
