from __future__ import annotations

import click


@click.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def shell_hook(shell: str) -> int:
    """Print the hook that records commands while a task is focused.

    bash: eval "$(opsledger shell-hook bash)" in ~/.bashrc; zsh: the same in ~/.zshrc;
    fish: opsledger shell-hook fish | source in config.fish. The shell itself appends
    each command to a private spool; no process starts per command.

    Example: eval "$(opsledger shell-hook bash)"
    """
    from opsledger.shell.hooks import hook_script

    click.echo(hook_script(shell), nl=False)
    return 0


command = shell_hook
