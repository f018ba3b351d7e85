"""``secret recipients``: who can read which paths, and changing it."""

from __future__ import annotations

import click

from opsledger.cli.context import AppContext
from opsledger.cli.output import emit_rows, format_options, pick_format

COLUMNS = ("path", "recipients", "readers", "fingerprint", "note")


@click.group(invoke_without_command=True)
@format_options
@click.pass_context
def recipients(ctx: click.Context, fmt: str, as_json: bool, as_yaml: bool) -> int:
    """Show the encryption rules: who can read the secrets of which paths (first match wins).

    Example: opsledger secret recipients --json
    """
    if ctx.invoked_subcommand is not None:
        return 0
    app: AppContext = ctx.obj
    rows: list[dict[str, object]] = []
    for view in app.ledger().secrets.recipients():
        note = view.problem or (f"no age key: {', '.join(view.missing)}" if view.missing else "")
        rows.append(
            {
                "path": view.path,
                "recipients": view.recipients,
                "readers": view.holders,
                "fingerprint": view.fingerprint,
                "note": note,
            }
        )
    emit_rows(rows, COLUMNS, pick_format(fmt, as_json, as_yaml), id_key="path")
    return 0


@recipients.command()
@click.argument("recipient")
@click.option("--path", "glob", default="**", show_default=True, help="Path glob of the rule.")
@click.pass_obj
def add(app: AppContext, recipient: str, glob: str) -> int:
    """Add a reader (team:NAME, bot:NAME, a person, or a public key) and re-encrypt.

    Example: opsledger secret recipients add team:dba --path 'changes/**'
    """
    report = app.ledger().secrets.add_recipient(recipient, glob)
    click.echo(f"added {recipient}; re-encrypted {report.values} values")
    return 0


@recipients.command()
@click.argument("recipient")
@click.option("--path", "glob", default=None, help="Only the rule with this path glob.")
@click.pass_obj
def remove(app: AppContext, recipient: str, glob: str | None) -> int:
    """Remove a reader from the rules and re-encrypt what they could read.

    Example: opsledger secret recipients remove marcus
    """
    report = app.ledger().secrets.remove_recipient(recipient, glob)
    click.echo(f"removed {recipient}; re-encrypted {report.values} values")
    return 0
