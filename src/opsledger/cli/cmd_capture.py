from __future__ import annotations

import os
import sys

import click

from opsledger.cli.context import AppContext
from opsledger.model.errors import UsageError


@click.command()
@click.argument("record_id", metavar="ID")
@click.argument("words", nargs=-1, required=True)
@click.option("--exit", "exit_code", type=int, help="The exit status, if already known.")
@click.option("--keep-ansi", is_flag=True, help="Keep colour and cursor escape sequences.")
@click.option("--host", metavar="H", help="The host it ran on.")
@click.pass_obj
def capture(
    app: AppContext,
    record_id: str,
    words: tuple[str, ...],
    exit_code: int | None,
    keep_ansi: bool,
    host: str | None,
) -> int:
    """Pass stdin through to stdout unchanged and record it as the output of COMMAND.

    The exit status is unknown while the output streams, so it is recorded as null:
    fill it in with `opsledger cmd exit ID "${PIPESTATUS[0]}"` (bash) or
    `opsledger cmd exit ID "$pipestatus[1]"` (zsh). Ctrl-C or a closed reader keep
    what was read, marked interrupted.

    Example: journalctl -u nginx 2>&1 | opsledger cmd capture 3kq9 -- "journalctl -u nginx"
    """
    if not "".join(words).strip():
        raise UsageError("give the command text after --")
    ledger = app.ledger()
    sys.stdout.flush()
    entry = ledger.commands.capture(
        record_id,
        " ".join(words),
        source_fd=sys.stdin.fileno(),
        sink_fd=sys.stdout.fileno(),
        exit=exit_code,
        keep_ansi=keep_ansi,
        cwd=os.getcwd(),
        host=host,
    )
    note = " (interrupted)" if entry.get("interrupted") else ""
    where = f", full output in {entry['output_file']}" if entry.get("output_file") else ""
    click.echo(f"recorded {entry['id']}{note}{where}", err=True)
    return 0
