"""``opsledger time start|stop|status``: options as data (``SPEC_*``), bodies as ``run_*``.

Neither needs click, so ``main`` runs them without importing it (DESIGN 7); their click
commands are built from the same specs (``cli.lazy``)."""

from __future__ import annotations

from opsledger.cli.context import AppContext
from opsledger.cli.optspec import Argument, CommandSpec, Option
from opsledger.cli.output import echo
from opsledger.cli.time_options import CLIENT, COMPONENT, NO_BILLABLE, PROJECT

SPEC_START = CommandSpec(
    name="start",
    doc="""Start a timer on a task (one per person; a running one is stopped first).

    The timer lives in local state until `time stop` records it as an entry.

    Example: opsledger time start 3kq9 --project OPS-42 --note "WAL archiving"
    """,
    arguments=(Argument("task_id", required=True, metavar="ID"),),
    options=(
        CLIENT,
        PROJECT,
        COMPONENT,
        Option("note", ("--note",), "What the time is for."),
        NO_BILLABLE,
        Option("at", ("--at",), "Start at T instead of now.", metavar="T"),
    ),
)

SPEC_STOP = CommandSpec(
    name="stop",
    doc="""Stop the running timer and record the entry on its task (one commit).

    Example: opsledger time stop --at 11:45
    """,
    options=(Option("at", ("--at",), "Stop at T instead of now.", metavar="T"),),
)

SPEC_STATUS = CommandSpec(
    name="status",
    doc="""Show the running timer; exits 1 when none runs.

    Example: opsledger time status
    """,
    options=(Option("as_json", ("--json",), "Print the timer as JSON.", is_flag=True),),
)


def run_start(
    app: AppContext, task_id: str, client: str | None, project: str | None,
    component: str | None, note: str | None, no_billable: bool, at: str | None,
) -> int:  # fmt: skip
    from opsledger.cli.args import parse_time_arg

    ledger = app.ledger()
    moment = parse_time_arg(ledger, at, "--at") if at else None
    started = ledger.time.start(
        task_id,
        at=moment,
        client=client,
        project=project,
        component=component,
        note=note,
        billable=not no_billable,
    )
    for notice in started.notices:
        echo(notice, err=True)
    timer = started.timer
    where = "/".join(x for x in (timer.client, timer.project) if x) or "internal"
    echo(f"started {timer.entry} on {timer.task} at {timer.start} ({where})")
    return 0


def run_stop(app: AppContext, at: str | None) -> int:
    from datetime import timedelta

    from opsledger.cli.args import parse_time_arg
    from opsledger.model.durations import format_duration  # not overlap.py: 3 ms to import

    ledger = app.ledger()
    moment = parse_time_arg(ledger, at, "--at") if at else None
    stopped = ledger.time.stop(at=moment)
    spent = format_duration(timedelta(seconds=stopped.seconds))
    echo(f"recorded {stopped.entry['id']} on {stopped.task}: {spent}")
    return 0


def run_status(app: AppContext, as_json: bool) -> int:
    import json

    from opsledger.timetrack.overlap import format_duration_s

    found = app.ledger().time.status()
    if found is None:
        echo("no timer running", err=not as_json)
        return 1
    timer, elapsed = found
    if as_json:
        echo(json.dumps({**timer._asdict(), "elapsed_seconds": elapsed}, indent=2))
    else:
        note = f" — {timer.note}" if timer.note else ""
        echo(f"{timer.task} since {timer.start} ({format_duration_s(max(elapsed, 0))}){note}")
    return 0
