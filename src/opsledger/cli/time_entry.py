"""``opsledger time add|edit|rm``: options as data (``SPEC_*``), bodies as ``run_*``.

Neither needs click, so ``main`` runs them without importing it (DESIGN 7); their click
commands are built from the same specs (``cli.lazy``)."""

from __future__ import annotations

from collections.abc import Generator
from contextlib import contextmanager
from typing import Any

from opsledger.cli.context import AppContext
from opsledger.cli.optspec import Argument, CommandSpec, Option
from opsledger.cli.output import echo
from opsledger.cli.time_options import CLIENT, COMPONENT, NO_BILLABLE, PROJECT

ENTRY_ID = Argument("entry_id", required=True, metavar="ENTRY-ID")

SPEC_ADD = CommandSpec(
    name="add",
    doc="""Record time directly: a DURATION (ending now or at --end) or --start and --end.

    Example: opsledger time add 3kq9 1h30m --note "post-mortem write-up"
    """,
    arguments=(Argument("task_id", required=True, metavar="ID"), Argument("duration")),
    options=(
        Option("start_at", ("--start",), "When the work started.", metavar="T"),
        Option("end_at", ("--end",), "When the work ended.", metavar="T"),
        CLIENT,
        PROJECT,
        COMPONENT,
        Option("note", ("--note",), "What the time was for."),
        NO_BILLABLE,
    ),
)

SPEC_EDIT = CommandSpec(
    name="edit",
    doc="""Change one entry (ENTRY-ID or TASK/ENTRY-ID); the change is kept as an event.

    Entries in a locked (invoiced) period cannot be changed.

    Example: opsledger time edit t4h8wz --end 2026-11-20T11:15 --note "incl. write-up"
    """,
    arguments=(ENTRY_ID,),
    options=(
        Option("start_at", ("--start",), "New start.", metavar="T"),
        Option("end_at", ("--end",), "New end.", metavar="T"),
        Option("duration", ("--duration",), "New length (replaces the end)."),
        Option("client", ("--client",), "New client."),
        Option("project", ("--project",), "New project code."),
        Option("component", ("--component",), "New component."),
        Option("note", ("--note",), "New note."),
        Option(
            "billable",
            ("--billable",),
            "Change billability.",
            is_flag=True,
            off_flags=("--no-billable",),
        ),
    ),
)

SPEC_RM = CommandSpec(
    name="rm",
    doc="""Remove one entry (ENTRY-ID or TASK/ENTRY-ID); the removal is kept as an event.

    Example: opsledger time rm t4h8wz
    """,
    arguments=(ENTRY_ID,),
)


@contextmanager
def _looking_early(app: AppContext, entry_id: str) -> Generator[None]:
    """A bare entry id is looked up in every task file: git stats them on the other core
    while this command imports its modules (``timetrack.gitlisting``). The listing is
    taken before the ledger lock, as the lookup always was: a file that gains the id in
    between (a pull running meanwhile) is not seen, as it was not before."""
    if "/" in entry_id:
        yield
        return
    from opsledger.timetrack import gitlisting

    gitlisting.start_early(app.start)
    try:
        yield
    finally:
        gitlisting.discard()


def run_add(
    app: AppContext, task_id: str, duration: str | None, start_at: str | None,
    end_at: str | None, client: str | None, project: str | None, component: str | None,
    note: str | None, no_billable: bool,
) -> int:  # fmt: skip
    from opsledger.cli.args import parse_time_arg

    ledger = app.ledger()
    start = parse_time_arg(ledger, start_at, "--start") if start_at else None
    end = parse_time_arg(ledger, end_at, "--end") if end_at else None
    task, entry = ledger.time.add(
        task_id,
        duration,
        start=start,
        end=end,
        client=client,
        project=project,
        component=component,
        note=note,
        billable=not no_billable,
    )
    echo(f"recorded {entry['id']} on {task}")
    return 0


def run_edit(
    app: AppContext, entry_id: str, start_at: str | None, end_at: str | None,
    duration: str | None, client: str | None, project: str | None, component: str | None,
    note: str | None, billable: bool | None,
) -> int:  # fmt: skip
    with _looking_early(app, entry_id):
        from opsledger.cli.args import parse_time_arg
        from opsledger.timetrack.editing import parse_positive

        ledger = app.ledger()
        changes: dict[str, Any] = {}
        if start_at:
            changes["start"] = ledger.ws.timestamp(parse_time_arg(ledger, start_at, "--start"))
        if end_at:
            changes["end"] = ledger.ws.timestamp(parse_time_arg(ledger, end_at, "--end"))
        if duration:
            seconds = int(parse_positive(duration).total_seconds())
            changes["minutes"] = max(1, round(seconds / 60))
        for key, value in (
            ("client", client),
            ("project", project),
            ("component", component),
            ("note", note),
            ("billable", billable),
        ):
            if value is not None:
                changes[key] = value
        task, entry = ledger.time.edit(entry_id, **changes)
    echo(f"changed {entry['id']} on {task}")
    return 0


def run_rm(app: AppContext, entry_id: str) -> int:
    with _looking_early(app, entry_id):
        task, entry = app.ledger().time.rm(entry_id)
    echo(f"removed {entry['id']} from {task}")
    return 0
