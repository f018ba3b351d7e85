"""Status transitions applied to a task document, with lifecycle timestamps and an event."""

from __future__ import annotations

from typing import Any

from opsledger.model.errors import TransitionRefused, UsageError
from opsledger.model.ids import new_entry_id
from opsledger.model.transitions import TRANSITIONS, VERBS, can_transition
from opsledger.store.yamlio import YamlDocument

# Leaving these statuses for ``done`` skips the work itself, so the reason must be written down.
_DONE_NEEDS_RESOLUTION = frozenset({"open", "assigned"})


def apply_transition(
    doc: YamlDocument,
    verb: str,
    *,
    at: str,
    by: str,
    assignee: str | None = None,
    resolution: str | None = None,
    note: str | None = None,
    starter: str | None = None,
) -> tuple[str, str]:
    """Move the task in ``doc`` by ``verb``; returns (from, to) or raises TransitionRefused."""
    if verb not in VERBS:
        raise UsageError(f"unknown transition {verb!r}; use one of {', '.join(VERBS)}")
    data: Any = doc.data
    current = str(data.get("status", "open"))
    target = VERBS[verb]
    task_id = data.get("id", "?")
    if verb == "reopen" and current not in ("done", "cancelled"):
        raise TransitionRefused(
            f"{task_id} is {current}; only done or cancelled tasks can be reopened"
        )
    if verb != "reopen" and current in ("done", "cancelled"):
        raise TransitionRefused(
            f"{task_id} is {current}; reopen it first (opsledger task reopen {task_id})"
        )
    if verb == "unblock" and current != "blocked":
        raise TransitionRefused(f"{task_id} is {current}, not blocked")
    if not can_transition(current, target):
        allowed = ", ".join(sorted(TRANSITIONS.get(current, frozenset()))) or "nothing"
        raise TransitionRefused(
            f"{task_id} cannot go from {current} to {target} (allowed: {allowed})"
        )
    if target == "done" and current in _DONE_NEEDS_RESOLUTION and not resolution:
        raise TransitionRefused(
            f"{task_id} goes from {current} straight to done: give a --resolution saying why"
        )
    if target == "assigned":
        who = assignee or data.get("assignee")
        if not who:
            raise UsageError(f"assign {task_id} to whom? pass --to PERSON")
        doc.set(["assignee"], who)
        doc.set(["assigned_at"], at)
    if target == "in_progress":
        if not data.get("started_at"):
            doc.set(["started_at"], at)
        # Whoever starts an unassigned task is the one doing it.
        if assignee or (starter and not data.get("assignee")):
            doc.set(["assignee"], assignee or starter)
    event: dict[str, Any] = {
        "id": new_entry_id(),
        "at": at,
        "by": by,
        "kind": "status",
        "from": current,
        "to": target,
    }
    if target in ("done", "cancelled"):
        doc.set(["resolved_at"], at)
        if resolution:
            doc.set(["resolution"], resolution)
    if verb == "reopen":
        if data.get("resolution"):
            event["previous_resolution"] = str(data["resolution"])
        for key in ("resolved_at", "resolution"):
            if key in data:
                doc.delete([key])
    if note:
        event["note"] = note
    doc.set(["status"], target)
    doc.set(["updated"], at)
    doc.append(["events"], event)
    return current, target
