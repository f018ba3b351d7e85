from __future__ import annotations

import click

from opsledger.cli.lazy import LazyGroup

CMD_COMMANDS = {
    "add": "opsledger.cli.cmd_add:SPEC",
    "capture": "opsledger.cli.cmd_capture:capture",
    "exit": "opsledger.cli.cmd_exit:exit_",
    "flush": "opsledger.cli.cmd_flush:flush",
    "import": "opsledger.cli.cmd_import:import_",
    "template": "opsledger.cli.cmd_template:template",
    "log": "opsledger.cli.cmd_log:log",
}


@click.group(cls=LazyGroup, lazy_commands=CMD_COMMANDS)
def cmd() -> None:
    """Record the commands behind a task: by hand, from a pipe, the shell or its history.

    opsledger records commands; it never runs them.

    Example: opsledger cmd add 3kq9 --exit 0 -- df -h /var/lib/postgresql
    """


command = cmd
