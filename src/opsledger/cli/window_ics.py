from __future__ import annotations

import click

from opsledger.cli.context import AppContext


@click.command()
@click.option("--component", "components", multiple=True, help="Only windows touching this.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here, not stdout.")
@click.pass_obj
def ics(app: AppContext, components: tuple[str, ...], output: str | None) -> int:
    """Export the windows as an iCalendar (RFC 5545) file for calendar subscriptions.

    Example: opsledger window ics --component 'aws/**' > maintenance.ics
    """
    data = app.ledger().windows.ics(list(components))
    if output:
        from pathlib import Path

        Path(output).write_bytes(data)
    else:
        click.echo(data.decode("utf-8"), nl=False)
    return 0
