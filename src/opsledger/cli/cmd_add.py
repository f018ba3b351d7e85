"""``opsledger cmd add``: its options as data (``SPEC``) and its body (``run``), so that
``main`` records a command without importing click (DESIGN 7); the click command is built
from the same ``SPEC`` (``cli.lazy``)."""

from __future__ import annotations

from opsledger.cli.context import AppContext
from opsledger.cli.optspec import Argument, CommandSpec, Option
from opsledger.cli.output import echo

SPEC = CommandSpec(
    name="add",
    doc="""Record a command that was already run (it is not run). One commit.

    Put the command after --; with --template the words are KEY=VAL parameters.

    Example: opsledger cmd add 3kq9 --exit 0 --host pg-07 -- df -h /var/lib/postgresql
    """,
    arguments=(
        Argument("record_id", required=True, metavar="ID"),
        Argument("words", nargs=-1, raw=True),
    ),
    options=(
        Option("exit_code", ("--exit",), "The exit status it returned.", kind=int),
        Option("at", ("--at",), "When it ran (default: now).", metavar="T"),
        Option("duration", ("--duration",), "How long it ran.", kind=float, metavar="SECONDS"),
        Option("cwd", ("--cwd",), "Where it ran.", metavar="DIR"),
        Option("host", ("--host",), "The host it ran on.", metavar="H"),
        Option("user", ("--user",), "Who ran it (default: you).", metavar="U"),
        Option("output_file", ("--output-file",), "A ledger file holding its output.", metavar="F"),
        Option(
            "template", ("--template",), "Record this command template, rendered.", metavar="NAME"
        ),
        Option("params", ("--param",), "A template parameter.", multiple=True, metavar="KEY=VAL"),
    ),
    ignore_unknown_options=True,
)


def run(
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
    import shlex

    from opsledger.cli.args import parse_time_arg
    from opsledger.model.errors import UsageError

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
    echo(f"recorded {entry['id']}: {entry['cmd']}")
    return 0
