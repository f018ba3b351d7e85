"""Every window check over one set of loaded files: shared by ``window check`` and validate."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from opsledger.schedule.capacity import team_capacities
from opsledger.schedule.detect import SUGGEST_LIMIT, Detector
from opsledger.schedule.issue import Issue
from opsledger.schedule.links import Record, change_issues, task_issues
from opsledger.schedule.load import Loaded


@dataclass
class CheckInput:
    loaded: Loaded
    people: Mapping[str, Any]
    known: Sequence[str]
    zone: tzinfo
    tasks: Iterable[Record] = ()
    changes: Iterable[Record] = ()
    targets: set[str] | None = None  # relpaths: the pre-commit fast path
    skip: set[str] = field(default_factory=lambda: set[str]())  # check ids turned off


def invalid_issues(source: CheckInput, capacities: Mapping[str, int]) -> list[Issue]:
    issues: list[Issue] = []
    for relpath, problems in sorted(source.loaded.problems.items()):
        if source.targets is None or relpath in source.targets:
            issues += [Issue("OL401", message, relpath, keypath) for keypath, message in problems]
    for window in source.loaded.windows:
        wanted = source.targets is None or window.relpath in source.targets
        if window.team and window.team not in capacities and wanted:
            message = f"unknown team {window.team!r} (not in people.yaml)"
            issues.append(Issue("OL401", message, window.relpath, ("team",)))
    return issues


def run_checks(
    source: CheckInput, since: datetime, until: datetime, *, suggest: int = SUGGEST_LIMIT
) -> list[Issue]:
    """Every window issue; ``suggest`` caps how many conflicts get a free slot looked up."""
    capacities = team_capacities(source.people)
    windows = source.loaded.windows
    relevant = None
    if source.targets is not None:
        relevant = {i for i, w in enumerate(windows) if w.relpath in source.targets}
    issues = invalid_issues(source, capacities) if "OL401" not in source.skip else []
    wanted = {"OL402", "OL403", "OL404"} - source.skip
    if wanted and (relevant is None or relevant):
        detector = Detector(windows, since, until, source.zone, capacities, suggest)
        if wanted & {"OL402", "OL403"}:
            issues += [i for i in detector.pair_issues(relevant) if i.check in wanted]
        if "OL404" in wanted:
            issues += detector.capacity_issues(relevant)
    by_id = {w.id: w for w in windows}
    if "OL405" not in source.skip:
        issues += change_issues(by_id, source.changes, source.targets, since)
    if "OL406" not in source.skip:
        issues += task_issues(by_id, source.tasks, source.known, source.targets)
    return issues
