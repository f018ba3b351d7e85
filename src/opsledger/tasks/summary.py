"""The at-a-glance numbers behind ``opsledger status``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from opsledger.model.base import PRIORITY_RANK
from opsledger.model.task import Task
from opsledger.model.timestamps import parse_timestamp
from opsledger.model.transitions import OPEN_STATUSES


@dataclass
class StatusSummary:
    open_total: int = 0
    incidents_by_priority: Counter[str] = field(default_factory=lambda: Counter[str]())
    mine: list[Task] = field(default_factory=lambda: [])
    overdue: list[Task] = field(default_factory=lambda: [])
    blocked: list[Task] = field(default_factory=lambda: [])
    me: str | None = None


def _urgency(task: Task) -> tuple[int, str]:
    return (-PRIORITY_RANK.get(task.priority, 0), task.created)


def summarize(tasks: Iterable[Task], now: datetime, me: str | None) -> StatusSummary:
    summary = StatusSummary(me=me)
    for task in tasks:
        if task.status not in OPEN_STATUSES:
            continue
        summary.open_total += 1
        if task.type == "incident":
            summary.incidents_by_priority[task.priority] += 1
        if me is not None and task.assignee == me:
            summary.mine.append(task)
        if task.due and parse_timestamp(task.due) < now:
            summary.overdue.append(task)
        if task.status == "blocked":
            summary.blocked.append(task)
    for bucket in (summary.mine, summary.overdue, summary.blocked):
        bucket.sort(key=_urgency)
    return summary
