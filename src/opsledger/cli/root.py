"""The ``opsledger`` click group: root options, lazy sub-commands, click's errors.

``main`` imports this only when its click-free dispatch does not take the command."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from opsledger.cli.lazy import LazyGroup
from opsledger.cli.main import app_context

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
    ctx.obj = app_context(directory, now, no_commit, debug)


def run_click(args: Sequence[str], debug: bool) -> int:
    """The command through click; click's own errors become a line and an exit code here,
    the library's are left to ``main.guarded``."""
    try:
        result = cli.main(args=list(args), prog_name="opsledger", standalone_mode=False)
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
    return result if isinstance(result, int) else 0
