from __future__ import annotations

import shlex

import click

from opsledger.cli.args import parse_time_arg
from opsledger.cli.context import AppContext
from opsledger.model.errors import UsageError


@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("record_id", metavar="ID")
@click.option("--exit", "exit_code", type=int, help="The exit status it returned.")
@click.option("--at", "at", metavar="T", help="When it ran (default: now).")
@click.option("--duration", type=float, metavar="SECONDS", help="How long it ran.")
@click.option("--cwd", metavar="DIR", help="Where it ran.")
@click.option("--host", metavar="H", help="The host it ran on.")
@click.option("--user", metavar="U", help="Who ran it (default: you).")
@click.option("--output-file", metavar="F", help="A ledger file holding its output.")
@click.option("--template", metavar="NAME", help="Record this command template, rendered.")
@click.option("--param", "params", multiple=True, metavar="KEY=VAL", help="A template parameter.")
@click.argument("words", nargs=-1, type=click.UNPROCESSED)
@click.pass_obj
def add(
    app: AppContext,
    record_id: str,
    exit_code: int | None,
    at: str | None,
    duration: float | None,
    cwd: str | None,
    host: str | None,
    user: str | None,
    output_file: str | None,
    template: str | None,
    params: tuple[str, ...],
    words: tuple[str, ...],
) -> int:
    """Record a command that was already run (it is not run). One commit.

    Put the command after --; with --template the words are KEY=VAL parameters.

    Example: opsledger cmd add 3kq9 --exit 0 --host pg-07 -- df -h /var/lib/postgresql
    """
    ledger = app.ledger()
    if template is not None:
        text = ""
        from opsledger.shell.templates import parse_params

        values = parse_params([*params, *words])
    else:
        if not words:
            raise UsageError("give the command after --, e.g. cmd add ID -- df -h")
        # One quoted argument is the command line as typed; several are re-quoted.
        text = words[0] if len(words) == 1 else shlex.join(words)
        values = {}
    entry = ledger.commands.add(
        record_id,
        text,
        exit=exit_code,
        at=parse_time_arg(ledger, at, "--at") if at else None,
        duration=duration,
        cwd=cwd,
        host=host,
        user=user,
        output_file=output_file,
        template=template,
        params=values,
    )
    click.echo(f"recorded {entry['id']}: {entry['cmd']}")
    return 0
