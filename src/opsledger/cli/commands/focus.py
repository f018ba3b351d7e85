from __future__ import annotations

import os

import click

from opsledger.cli.context import AppContext


@click.command()
@click.argument("record_id", metavar="ID")
@click.option("--shell", type=click.Choice(["bash", "zsh", "fish"]),
              help="The shell to print for (default: the one whose hook is loaded).")  # fmt: skip
@click.pass_obj
def focus(app: AppContext, record_id: str, shell: str | None) -> int:
    """Focus a task: print the variables that make the shell hook record into it.

    fish: opsledger focus ID | source.

    Example: eval "$(opsledger focus 3kq9)"
    """
    from opsledger.shell.focus import focus_script, pick_shell

    env = dict(os.environ)
    name = pick_shell(shell, env)
    ledger = app.ledger()
    task_id = ledger.tasks.resolve(record_id)[0]
    spool = ledger.commands.spool_path()
    click.echo(focus_script(name, task_id, spool), nl=False)
    if not env.get("OPSLEDGER_SHELL"):
        click.echo(
            f"opsledger: note: no shell hook loaded; add the line from "
            f"`opsledger shell-hook {name}` to your shell's rc file",
            err=True,
        )
    click.echo(f"focused {task_id}", err=True)
    return 0


command = focus
