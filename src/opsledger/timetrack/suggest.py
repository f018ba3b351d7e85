"""``time suggest``: entries proposed from the commands recorded on a task.

Commands closer together than ``gap`` form one session; a session runs from its first
command to the end of its last (``at`` + ``duration``), widened by ``pad`` on both sides
for the reading and thinking around the typing. Sessions that overlap time the person
already recorded on the task are left out. Nothing is written unless accepted.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from opsledger.model.ids import new_entry_id
from opsledger.store.records import find_task, load_data
from opsledger.store.workspace import Workspace
from opsledger.timetrack.append import append_entries
from opsledger.timetrack.billing import Billing
from opsledger.timetrack.defaults import default_client_project
from opsledger.timetrack.plain import epoch, raw_list
from opsledger.timetrack.writing import check_entry, interval, ordered


def sessions(commands: list[dict[str, Any]], gap: int) -> list[tuple[int, int, int]]:
    """(start, end, command count) of each session, in epoch seconds."""
    spans = sorted(
        (epoch(str(c["at"])), epoch(str(c["at"])) + int(float(c.get("duration") or 0)))
        for c in commands
        if c.get("at")
    )
    found: list[tuple[int, int, int]] = []
    for start, end in spans:
        if found and start - found[-1][1] <= gap:
            lo, hi, count = found[-1]
            found[-1] = (lo, max(hi, end), count + 1)
        else:
            found.append((start, end, 1))
    return found


def suggest(
    ws: Workspace,
    fragment: str,
    who: str,
    *,
    gap: timedelta = timedelta(minutes=30),
    pad: timedelta = timedelta(minutes=5),
) -> tuple[str, list[dict[str, Any]]]:
    task_id, path = find_task(ws, fragment)
    data, _ = load_data(ws, path)
    client, project = default_client_project(ws, data, None, None, None)
    recorded = [interval(e) for e in raw_list(data, "time") if e.get("who") == who]
    margin = int(pad.total_seconds())
    proposals: list[dict[str, Any]] = []
    for lo, hi, count in sessions(raw_list(data, "commands"), int(gap.total_seconds())):
        start, end = lo - margin, hi + margin
        if any(s < end and start < e for s, e in recorded):
            continue
        proposals.append(
            ordered(
                {
                    "id": new_entry_id(),
                    "start": ws.timestamp(_at(start)),
                    "end": ws.timestamp(_at(end)),
                    "who": who,
                    "client": client,
                    "project": project,
                    "billable": client is not None,
                    "note": f"from {count} recorded command(s)",
                }
            )
        )
    return task_id, proposals


def accept(ws: Workspace, billing: Billing, task_id: str, proposals: list[dict[str, Any]]) -> None:
    for entry in proposals:
        check_entry(ws, billing, entry, f"{task_id}/{entry['id']}")
    append_entries(ws, task_id, proposals, "suggest", f"{len(proposals)} entries")


def _at(moment: int) -> datetime:
    return datetime.fromtimestamp(moment, UTC)
