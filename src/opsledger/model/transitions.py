"""The legal task status transitions (DESIGN 3.1)."""

from __future__ import annotations

from collections import deque

STATUSES = ("open", "assigned", "in_progress", "blocked", "done", "cancelled")
OPEN_STATUSES = frozenset({"open", "assigned", "in_progress", "blocked"})
CLOSED_STATUSES = frozenset({"done", "cancelled"})

TRANSITIONS: dict[str, frozenset[str]] = {
    "open": frozenset({"assigned", "in_progress", "done", "cancelled"}),
    "assigned": frozenset({"open", "in_progress", "done", "cancelled"}),
    "in_progress": frozenset({"blocked", "done", "cancelled"}),
    "blocked": frozenset({"in_progress", "cancelled"}),
    "done": frozenset({"open"}),
    "cancelled": frozenset({"open"}),
}

# Verb -> target status; ``reopen`` is the only way out of done/cancelled.
VERBS: dict[str, str] = {
    "assign": "assigned",
    "start": "in_progress",
    "block": "blocked",
    "unblock": "in_progress",
    "done": "done",
    "cancel": "cancelled",
    "reopen": "open",
}


def can_transition(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def reachable(current: str, target: str) -> bool:
    """Whether a path through the table leads from ``current`` to ``target`` (for --base)."""
    if current == target:
        return True
    seen = {current}
    queue = deque([current])
    while queue:
        for nxt in TRANSITIONS.get(queue.popleft(), frozenset()):
            if nxt == target:
                return True
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return False
