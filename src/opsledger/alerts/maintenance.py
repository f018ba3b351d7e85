"""Alerts inside an active maintenance window (``during_maintenance`` in alerts.yaml).

``attach`` makes the alert a plain task (never an incident, never part of a storm)
linked to what the window is for: the window's change (``change:``), else its first
task (``parent:``), else the window alone; ``window:`` and the tag ``maintenance`` are
always set. ``suppress`` drops the alert; ``open`` ignores windows.

Change records are not written by opsledger yet, and their model has no list an alert
could join, so the link to a change lives on the task: ``change: CHG-…`` is what
``list change:CHG-…`` and the change's reviewers follow.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol


class ActiveWindow(Protocol):
    """What the lookup tells of the window (``schedule``'s window spec fits)."""

    @property
    def id(self) -> str: ...

    @property
    def change(self) -> str | None: ...

    @property
    def tasks(self) -> Sequence[str]: ...


# A bare id is a window known by its id alone: the alert is linked to the window.
Lookup = Callable[[list[str], datetime], "ActiveWindow | str | None"]


class MaintenanceCheck:
    """The injected lookup, asked once per batch for each set of components and start
    (the alerts of a storm share both)."""

    def __init__(self, lookup: Lookup) -> None:
        self.lookup = lookup
        self._seen: dict[tuple[tuple[str, ...], datetime], ActiveWindow | str | None] = {}

    def active(self, components: list[str], moment: datetime) -> ActiveWindow | str | None:
        key = (tuple(components), moment)
        if key not in self._seen:
            self._seen[key] = self.lookup(list(components), moment)
        return self._seen[key]


def attach(fields: dict[str, Any], window: ActiveWindow | str) -> None:
    """Make ``fields`` (a new alert-born task) a task attached to ``window``'s work."""
    if isinstance(window, str):
        window_id, change, tasks = window, None, ()
    else:
        window_id, change, tasks = window.id, window.change, window.tasks
    fields.update(type="task", window=window_id)
    if change:
        fields["change"] = change
    elif tasks:
        fields["parent"] = tasks[0]
    fields["tags"] = [*fields.get("tags", []), "maintenance"]
