"""What a repeat and a resolution do to a task that already exists (or was just made)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from opsledger.alerts.normal import Alert
from opsledger.alerts.rules import Plan
from opsledger.alerts.target import Target
from opsledger.model.durations import format_duration
from opsledger.model.ids import new_entry_id
from opsledger.model.timestamps import parse_timestamp

if TYPE_CHECKING:
    from opsledger.alerts.ingest import Batch

_CLOSED = ("done", "cancelled")


def _touch(batch: Batch, target: Target) -> None:
    if not target.is_new and target.task_id not in batch.report.updated:
        batch.report.updated.append(target.task_id)


def repeat(batch: Batch, target: Target, alert: Alert) -> None:
    """occurrences += 1, last_seen, and one ``alert_repeat`` event per task and batch."""
    batch.report.deduplicated += 1
    occurrences = int(target.get(["source", "occurrences"], 1) or 1) + 1
    target.set(["source", "occurrences"], occurrences)
    target.set(["source", "last_seen"], batch.stamp)
    if target.get(["source", "state"]) != "firing":
        target.set(["source", "state"], "firing")
    if target.is_new:
        return  # a new file carries no events: its content must depend on the payload only
    target.repeats += 1
    if target.repeats == 1:
        target.append(
            ["events"],
            {
                "id": new_entry_id(),
                "at": batch.stamp,
                "by": batch.by,
                "kind": "alert_repeat",
                "fingerprint": alert.fingerprint,
                "occurrences": occurrences,
            },
        )
    else:
        events: list[object] = list(target.get(["events"]) or [])
        target.set(["events", len(events) - 1, "occurrences"], occurrences)
    _touch(batch, target)


def resolve(batch: Batch, target: Target, alert: Alert, plan: Plan, name: str) -> None:
    """An ``alert_resolved`` event; with auto_resolve the task is closed as done."""
    batch.report.resolved += 1
    ended = alert.ends or batch.now
    at = batch.ws.timestamp(ended)
    target.set(["source", "state"], "resolved")
    target.set(["source", "last_seen"], at)
    first = target.get(["source", "first_seen"]) or target.get(["created"])
    took = format_duration(ended - parse_timestamp(str(first))) if first else None
    event = {
        "id": new_entry_id(),
        "at": at,
        "by": batch.by,
        "kind": "alert_resolved",
        "fingerprint": alert.fingerprint,
    }
    if took:
        event["time_to_resolve"] = took
    target.append(["events"], event)
    status = str(target.get(["status"], "open"))
    if plan.auto_resolve and status not in _CLOSED:
        resolution = f"auto-resolved: the alert resolved after {took or 'an unknown time'}"
        target.set(["status"], "done")
        target.set(["resolved_at"], at)
        target.set(["resolution"], resolution)
        target.append(
            ["events"],
            {
                "id": new_entry_id(),
                "at": at,
                "by": batch.by,
                "kind": "status",
                "from": status,
                "to": "done",
                "note": resolution,
            },
        )
        batch.keys.drop(name)
        batch.report.closed.append(target.task_id)
    _touch(batch, target)
