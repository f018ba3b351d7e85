from __future__ import annotations

import sys

import click

from opsledger.cli.context import AppContext


@click.command()
@click.argument("record_id", metavar="ID")
@click.argument("text", required=False)
@click.pass_obj
def comment(app: AppContext, record_id: str, text: str | None) -> int:
    """Add a comment event; the text comes from the argument or stdin.

    Example: opsledger task comment 3kq9 "WAL archiving resumed after the fix"
    """
    if text is None:
        text = sys.stdin.read()
    task = app.ledger().tasks.comment(record_id, (text or "").strip())
    click.echo(f"commented on {task.id}")
    return 0
