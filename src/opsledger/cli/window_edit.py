from __future__ import annotations

import functools
from typing import Any

import click

from opsledger.cli.context import AppContext
from opsledger.cli.window_new import collect_fields, window_field_options


@click.command()
@click.argument("window_id", metavar="ID")
@functools.partial(window_field_options, title=True)
@click.option("--unset", "unset", multiple=True, help="Remove this field (repeatable).")
@click.pass_obj
def edit(app: AppContext, window_id: str, unset: tuple[str, ...], **values: Any) -> int:
    """Edit a window: with flags, set those fields; without, open $EDITOR. Validated first.

    Example: opsledger window edit 7h2k --duration 3h --exclude 2027-01-02T22:00
    """
    from opsledger.cli.editor import edit_until_valid

    ledger = app.ledger()
    fields = collect_fields(app, values)
    if fields or unset:
        data = ledger.windows.update(window_id, fields, list(unset))
        click.echo(f"saved {data['id']}")
        return 0
    resolved, path = ledger.windows.resolve(window_id)
    text = path.read_text(encoding="utf-8")
    data = edit_until_valid(
        text, path.name, lambda edited: ledger.windows.replace(resolved, edited)
    )
    if data is not None:
        click.echo(f"saved {data['id']}")
    return 0


@click.command()
@click.argument("window_id", metavar="ID")
@click.option("-y", "--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def rm(app: AppContext, window_id: str, yes: bool) -> int:
    """Delete a window file, as one commit (git history keeps it).

    Example: opsledger window rm 7h2k --yes
    """
    ledger = app.ledger()
    resolved, _ = ledger.windows.resolve(window_id)
    if not yes and not click.confirm(f"delete {resolved}?", default=False):
        click.echo("kept")
        return 1
    ledger.windows.remove(resolved)
    click.echo(f"removed {resolved}")
    return 0
