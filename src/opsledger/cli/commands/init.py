from __future__ import annotations

import click

from opsledger.cli.context import AppContext


@click.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option("--name", help="Ledger name (default: the directory name).")
@click.option(
    "--timezone",
    "zone",
    default="UTC",
    show_default=True,
    help="Ledger timezone, e.g. Europe/Berlin.",
)
@click.pass_obj
def init(app: AppContext, directory: str | None, name: str | None, zone: str) -> int:
    """Create a ledger: config, people, inventory and policy skeletons, in one commit.

    Example: git init ops && opsledger init ops --timezone Europe/Berlin
    """
    from opsledger.model.errors import UsageError
    from opsledger.model.timestamps import load_zone
    from opsledger.scaffold import init_ledger

    try:
        load_zone(zone)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    root = (app.start / directory) if directory else app.start
    root = root.resolve()
    written = init_ledger(root, name=name or root.name, timezone=zone, commit=app.commit)
    click.echo(f"initialised ledger {name or root.name} in {root} ({len(written)} files)")
    return 0


command = init
