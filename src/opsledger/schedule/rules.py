"""The rules a window's recurrence must follow, shared by the checks and ``window new``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

KeyPath = tuple[str | int, ...]


def check_rule(
    recurrence: Any, cron: Any, duration: Any, until: datetime | None, count: Any
) -> list[tuple[KeyPath, str]]:
    from opsledger.schedule.cronrule import cron_problem
    from opsledger.schedule.expand import rrule_problem

    problems: list[tuple[KeyPath, str]] = []
    if recurrence is not None and cron is not None:
        problems.append((("cron",), "a window recurs by recurrence or by cron, not both"))
    if recurrence is not None:
        problem = rrule_problem(str(recurrence)) if str(recurrence).strip() else "empty RRULE"
        if problem:
            problems.append((("recurrence",), problem))
    if cron is not None:
        problem = cron_problem(str(cron))
        if problem:
            problems.append((("cron",), problem))
        if duration is None:
            problems.append((("cron",), "a cron window needs a duration"))
    if recurrence is None and cron is None:
        if until is not None:
            problems.append((("until",), "until applies to recurring windows only"))
        if count is not None:
            problems.append((("count",), "count applies to recurring windows only"))
    return problems
