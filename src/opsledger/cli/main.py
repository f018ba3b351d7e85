"""The ``opsledger`` command: root options, lazy sub-commands, and the one error handler."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from opsledger.cli.context import AppContext
from opsledger.cli.lazy import LazyGroup
from opsledger.model.errors import OpsledgerError

COMMANDS_DIR = Path(__file__).resolve().parent / "commands"


def discover_commands() -> dict[str, str]:
    """``commands/<name>.py`` is ``opsledger <name>``; a feature adds a command by adding
    a file, without touching a shared registry."""
    return {
        path.stem.replace("_", "-"): f"opsledger.cli.commands.{path.stem}:command"
        for path in COMMANDS_DIR.glob("*.py")
        if not path.stem.startswith("_")
    }


@click.group(
    cls=LazyGroup,
    lazy_commands=discover_commands(),
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "-C",
    "directory",
    metavar="DIR",
    type=click.Path(file_okay=False),
    help="Run as if started in DIR.",
)
@click.option(
    "--now",
    "now",
    metavar="T",
    envvar="OPSLEDGER_NOW",
    help="Pretend the time is T (also OPSLEDGER_NOW); every written timestamp honours it.",
)
@click.option(
    "--no-commit", is_flag=True, help="Leave changes in the work tree (also OPSLEDGER_COMMIT=0)."
)
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.version_option(package_name="opsledger")
@click.pass_context
def cli(
    ctx: click.Context, directory: str | None, now: str | None, no_commit: bool, debug: bool
) -> None:
    """opsledger: tasks, incidents, changes, windows and commands, kept in Git.

    Example: opsledger -C ops task new "Disk full on pg-07" --type incident --priority critical
    """
    commit = not no_commit and os.environ.get("OPSLEDGER_COMMIT", "1") != "0"
    ctx.obj = AppContext(directory=directory, now=now, commit=commit, debug=debug)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        result = cli.main(args=args, prog_name="opsledger", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("opsledger: aborted", err=True)
        return 130
    except click.ClickException as exc:
        if debug:
            raise
        click.echo(f"opsledger: {exc.format_message()}", err=True)
        return 2 if isinstance(exc, click.UsageError) else exc.exit_code
    except OpsledgerError as exc:
        if debug:
            raise
        click.echo(f"opsledger: error: {exc}", err=True)
        return exc.exit_code
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    return result if isinstance(result, int) else 0
