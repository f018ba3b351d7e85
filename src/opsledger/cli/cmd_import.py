from __future__ import annotations

from pathlib import Path

import click

from opsledger.cli.args import parse_time_arg
from opsledger.cli.context import AppContext


@click.command()
@click.argument("record_id", metavar="ID")
@click.option("--shell", type=click.Choice(["bash", "zsh", "fish"]), required=True,
              help="The history file format.")  # fmt: skip
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path),
              help="The history file (default: the shell's usual one).")  # fmt: skip
@click.option("--since", metavar="T", help="Only commands run at or after T.")
@click.option("--until", metavar="T", help="Only commands run before T.")
@click.option("--grep", metavar="RE", help="Only commands matching this regular expression.")
@click.pass_obj
def import_(
    app: AppContext,
    record_id: str,
    shell: str,
    file: Path | None,
    since: str | None,
    until: str | None,
    grep: str | None,
) -> int:
    """Import commands from a bash, zsh or fish history file, in one commit.

    Commands already recorded (same time and text) are not added twice.

    Example: opsledger cmd import 3kq9 --shell zsh --since 2026-11-20T10:00 --grep 'pg|psql'
    """
    ledger = app.ledger()
    done = ledger.commands.import_history(
        record_id,
        shell,
        file=file,
        since=parse_time_arg(ledger, since, "--since") if since else None,
        until=parse_time_arg(ledger, until, "--until") if until else None,
        grep=grep,
    )
    click.echo(f"imported {len(done.entries)} commands into {done.task_id}")
    return 0
