"""``time start|stop|status``: the running timer becomes an entry on stop, in one commit."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, NamedTuple

from opsledger.model.durations import format_duration
from opsledger.model.errors import Conflict, NotFound
from opsledger.model.ids import new_entry_id
from opsledger.store.records import find_task, load_data
from opsledger.store.workspace import Workspace
from opsledger.timetrack.append import append_entries
from opsledger.timetrack.billing import Billing
from opsledger.timetrack.defaults import default_client_project
from opsledger.timetrack.plain import epoch, raw_list
from opsledger.timetrack.timer import Timer, clear_timer, read_timer, write_timer
from opsledger.timetrack.writing import check_entry, check_unlocked, ordered, whoami

CLOSED = ("done", "cancelled")


# NamedTuples, not dataclasses: a tenth of the cost to define, in every timer command.
class Stopped(NamedTuple):
    task: str
    entry: dict[str, object]
    seconds: int


class Started(NamedTuple):
    timer: Timer
    stopped: Stopped | None
    notices: list[str]


def start(
    ws: Workspace,
    billing: Billing,
    fragment: str,
    *,
    at: datetime | None = None,
    who: str | None = None,
    client: str | None = None,
    project: str | None = None,
    component: str | None = None,
    note: str | None = None,
    billable: bool = True,
) -> Started:
    person = whoami(ws, who)
    task_id, path = find_task(ws, fragment)
    data, _ = load_data(ws, path)
    client, project = default_client_project(ws, data, client, project, component)
    stamp = ws.timestamp(at)
    timer = Timer(
        task_id,
        new_entry_id(),
        stamp,
        person,
        client,
        project,
        component,
        billable and client is not None,
        note,
    )
    probe = {**timer._asdict(), "id": timer.entry, "minutes": 1}
    check_entry(ws, billing, probe, task_id)
    notices: list[str] = []
    if data.get("status") in CLOSED:
        notices.append(f"warning: {task_id} is {data['status']}; the time is recorded anyway")
    stopped: Stopped | None = None
    with ws.locked():
        running = read_timer(ws, person)
        if running is not None:
            settings: Any = ws.config_data.get("time") or {}
            policy = settings.get("on_start_while_running", "stop")
            if policy == "refuse":
                raise Conflict(
                    f"{person} has a timer running on {running.task} since "
                    f"{running.start}; run 'opsledger time stop' first"
                )
            stopped = stop(ws, billing, at=at, who=person)
            spent = format_duration(timedelta(seconds=stopped.seconds))
            notices.append(f"stopped the timer on {running.task} after {spent}")
        write_timer(ws, timer)
    return Started(timer, stopped, notices)


def stop(
    ws: Workspace, billing: Billing, *, at: datetime | None = None, who: str | None = None
) -> Stopped:
    person = whoami(ws, who)
    with ws.locked():
        timer = read_timer(ws, person)
        if timer is None:
            raise NotFound(f"no timer is running for {person}")
        entry = ordered(
            {
                "id": timer.entry,
                "start": timer.start,
                "end": ws.timestamp(at),
                "who": person,
                "client": timer.client,
                "project": timer.project,
                "component": timer.component,
                "billable": timer.billable,
                "note": timer.note,
            }
        )
        seconds = epoch(str(entry["end"])) - epoch(timer.start)
        found = find_task(ws, timer.task)
        data, text = load_data(ws, found[1])
        done = any(e.get("id") == timer.entry for e in raw_list(data, "time"))
        if not done:  # else a crash came between the commit and clearing the timer
            task_client = None if data.get("client") is None else str(data["client"])
            check_entry(ws, billing, entry, timer.task, task_client)
            check_unlocked(billing, entry, timer.task, task_client)
            summary = format_duration(timedelta(seconds=seconds)) + (
                f" {timer.note}" if timer.note else ""
            )
            append_entries(ws, timer.task, [entry], "stop", summary, found, (data, text))
        clear_timer(ws, person)
    return Stopped(timer.task, entry, seconds)


def status(ws: Workspace, who: str | None = None) -> tuple[Timer, int] | None:
    """The running timer and its elapsed seconds."""
    timer = read_timer(ws, whoami(ws, who))
    if timer is None:
        return None
    return timer, int(ws.now().timestamp()) - epoch(timer.start)
