from __future__ import annotations

import os

import click

from opsledger.cli.context import AppContext


@click.command()
@click.option("--shell", type=click.Choice(["bash", "zsh", "fish"]),
              help="The shell to print for (default: the one whose hook is loaded).")  # fmt: skip
@click.pass_obj
def unfocus(app: AppContext, shell: str | None) -> int:
    """Flush the focused task's spooled commands (one commit) and clear the focus.

    fish: opsledger unfocus | source.

    Example: eval "$(opsledger unfocus)"
    """
    from opsledger.shell.focus import pick_shell, unfocus_script

    env = dict(os.environ)
    name = pick_shell(shell, env)
    focused = env.get("OPSLEDGER_FOCUS")
    if focused:
        done = app.ledger().commands.flush(focused)
        total = sum(len(a.entries) for a in done)
        click.echo(f"flushed {total} commands into {focused}", err=True)
    click.echo(unfocus_script(name), nl=False)
    return 0


command = unfocus
