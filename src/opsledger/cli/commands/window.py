from __future__ import annotations

import click

from opsledger.cli.lazy import LazyGroup

WINDOW_COMMANDS = {
    "new": "opsledger.cli.window_new:new",
    "edit": "opsledger.cli.window_edit:edit",
    "show": "opsledger.cli.window_show:show",
    "list": "opsledger.cli.window_show:list_",
    "rm": "opsledger.cli.window_edit:rm",
    "check": "opsledger.cli.window_check:check",
    "free": "opsledger.cli.window_free:free",
    "at": "opsledger.cli.window_at:at",
    "next": "opsledger.cli.window_at:next_",
    "ics": "opsledger.cli.window_ics:ics",
}


@click.group(cls=LazyGroup, lazy_commands=WINDOW_COMMANDS)
def window() -> None:
    """Maintenance windows, freezes and critical operations: plan, check, find free slots.

    Example: opsledger window free --component 'aws/*/prod/db/**' --duration 2h --within 14d
    """


command = window
