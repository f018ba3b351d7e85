from __future__ import annotations

import click

from opsledger.cli.lazy import LazyGroup

TIME_COMMANDS = {
    "start": "opsledger.cli.time_timer:SPEC_START",
    "stop": "opsledger.cli.time_timer:SPEC_STOP",
    "status": "opsledger.cli.time_timer:SPEC_STATUS",
    "add": "opsledger.cli.time_entry:SPEC_ADD",
    "edit": "opsledger.cli.time_entry:SPEC_EDIT",
    "rm": "opsledger.cli.time_entry:SPEC_RM",
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
