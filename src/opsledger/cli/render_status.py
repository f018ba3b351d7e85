"""The text of ``opsledger status``: short, plain, quick to read."""

from __future__ import annotations

from typing import Any

from opsledger.model.task import Task
from opsledger.tasks.summary import StatusSummary

_ORDER = ("critical", "high", "medium", "low")
_SHOWN = 8


def _line(task: Task) -> str:
    who = task.assignee or "-"
    due = f"  due {task.due}" if task.due else ""
    return f"  {task.id}  {task.priority:<8} {task.status:<11} {who:<10} {task.title}{due}"


def _section(title: str, tasks: list[Task]) -> list[str]:
    lines = [f"{title} ({len(tasks)})"]
    lines += [_line(t) for t in tasks[:_SHOWN]]
    if len(tasks) > _SHOWN:
        lines.append(f"  … and {len(tasks) - _SHOWN} more")
    return lines


def render_status(name: str, summary: StatusSummary, now: str) -> str:
    incidents = summary.incidents_by_priority
    counts = ", ".join(f"{incidents[p]} {p}" for p in _ORDER if incidents[p]) or "none"
    lines = [
        f"{name} — {now}",
        f"Open tasks: {summary.open_total}",
        f"Open incidents: {sum(incidents.values())} ({counts})",
        "",
    ]
    if summary.me is None:
        lines.append(
            "My tasks: unknown user (set OPSLEDGER_USER or add your git email to people.yaml)"
        )
    else:
        lines += _section(f"My tasks ({summary.me})", summary.mine)
    lines.append("")
    lines += _section("Overdue", summary.overdue)
    lines.append("")
    lines += _section("Blocked", summary.blocked)
    return "\n".join(lines)


def status_data(summary: StatusSummary) -> dict[str, Any]:
    def ids(tasks: list[Task]) -> list[str]:
        return [t.id for t in tasks]

    return {
        "open": summary.open_total,
        "incidents_by_priority": {p: summary.incidents_by_priority[p] for p in _ORDER},
        "me": summary.me,
        "mine": ids(summary.mine),
        "overdue": ids(summary.overdue),
        "blocked": ids(summary.blocked),
    }
