from __future__ import annotations

import click

from opsledger.cli.lazy import LazyGroup

TIME_COMMANDS = {
    "start": "opsledger.cli.time_timer:start",
    "stop": "opsledger.cli.time_timer:stop",
    "status": "opsledger.cli.time_timer:status",
    "add": "opsledger.cli.time_entry:add",
    "edit": "opsledger.cli.time_entry:edit",
    "rm": "opsledger.cli.time_entry:rm",
    "log": "opsledger.cli.time_log:log",
    "overlaps": "opsledger.cli.time_log:overlaps",
    "report": "opsledger.cli.time_report:report",
    "lock": "opsledger.cli.time_lock:lock",
    "export": "opsledger.cli.time_exchange:export",
    "import": "opsledger.cli.time_exchange:import_",
    "suggest": "opsledger.cli.time_suggest:suggest",
}


@click.group(cls=LazyGroup, lazy_commands=TIME_COMMANDS)
def time() -> None:
    """Track time on tasks and report it per client, project and component.

    Example: opsledger time start 3kq9 --note "WAL archiving"
    """


command = time
