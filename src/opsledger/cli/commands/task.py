from __future__ import annotations

import click

from opsledger.cli.lazy import LazyGroup

TASK_COMMANDS = {
    "new": "opsledger.cli.task_new:SPEC",
    "assign": "opsledger.cli.task_transition:assign",
    "start": "opsledger.cli.task_transition:start",
    "block": "opsledger.cli.task_transition:block",
    "unblock": "opsledger.cli.task_transition:unblock",
    "done": "opsledger.cli.task_transition:done",
    "cancel": "opsledger.cli.task_transition:cancel",
    "reopen": "opsledger.cli.task_transition:reopen",
    "comment": "opsledger.cli.task_comment:comment",
    "set": "opsledger.cli.task_set:set_",
    "rm": "opsledger.cli.task_rm:rm",
    "edit": "opsledger.cli.commands.edit:edit",
}


@click.group(cls=LazyGroup, lazy_commands=TASK_COMMANDS)
def task() -> None:
    """Create tasks and incidents and move them through their lifecycle.

    Example: opsledger task start 3kq9
    """


command = task
