"""The window checks (OL4xx) for the validator, registered through ``ledger.py``.

All six share one pass over the windows; the result is kept on the context so the runner
calling each check in turn pays for it once. With ``ctx.targets`` (pre-commit) only new
and changed windows are checked, against the windows that can interact with them
(``involved.py``), and only links touching a target.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from opsledger.model.errors import Location
from opsledger.schedule.issue import CHECK_NAMES, Issue
from opsledger.store.checking import CheckContext, CheckFunction, CheckSpec, Finding, LoadedFile

if TYPE_CHECKING:
    from opsledger.schedule.load import Loaded

HORIZON = timedelta(days=90)
_KEY = "_opsledger_window_issues"


def window_issues(ctx: CheckContext) -> list[Issue]:
    cached: list[Issue] | None = getattr(ctx, _KEY, None)
    if cached is not None:
        return cached
    from opsledger.schedule.detect import SUGGEST_LIMIT
    from opsledger.schedule.runner import CheckInput, run_checks
    from opsledger.schedule.spec import known_paths

    inventory = ctx.files.get("inventory.yaml")
    inventory_data: Any = inventory.data if inventory is not None else ctx.ws.inventory_data
    people = ctx.files.get("people.yaml")
    known = known_paths(inventory_data if isinstance(inventory_data, dict) else {})  # pyright: ignore[reportUnknownArgumentType]
    windows, tasks, changes = _files(ctx)
    task_records: list[tuple[str, Any]] = [(f.relpath, f.data) for f in tasks]
    now = ctx.ws.now()
    specs = _specs(ctx, known)

    def check(files: Iterable[LoadedFile], suggest: int = SUGGEST_LIMIT) -> list[Issue]:
        source = CheckInput(
            loaded=specs(files),
            people=(people.data if people is not None else None) or ctx.ws.people_data,
            known=known,
            zone=ctx.ws.zone,
            tasks=task_records,
            changes=[(f.relpath, f.data) for f in changes],
            targets=ctx.targets,
        )
        return run_checks(source, now, now + HORIZON, suggest=suggest)

    if ctx.targets is not None and any(ctx.wanted(f.relpath) for f in windows):
        issues = _changed_windows(ctx, now, windows, [*tasks, *changes], check)
    else:
        issues = check(windows)
    setattr(ctx, _KEY, issues)
    return issues


def _changed_windows(
    ctx: CheckContext,
    now: datetime,
    windows: list[LoadedFile],
    records: list[LoadedFile],
    check: Callable[[Iterable[LoadedFile], int], list[Issue]],
) -> list[Issue]:
    """Changed windows against the windows that can interact with them (``involved.py``)."""
    from opsledger.schedule.involved import Involved, Links, findings

    every = {f.relpath: f for f in ctx.every("window")}
    links = Links(
        windows={str(r.data.get("window")) for r in records},
        tasks={str(r.data.get("id", "")) for r in records if r.kind == "task"},
        changes={str(r.data.get("id", "")) for r in records if r.kind == "change"},
    )

    def among(chosen: set[str], suggest: int) -> list[Issue]:
        return check(
            [*windows, *(every[p] for p in sorted(chosen - {f.relpath for f in windows}))], suggest
        )

    ledger = Involved((relpath, f.data) for relpath, f in every.items())
    targets = ctx.targets or set[str]()
    return findings(ledger, targets, now, now + HORIZON, links, among)


def _specs(ctx: CheckContext, known: list[str]) -> Callable[[Iterable[LoadedFile]], Loaded]:
    """The specs of some windows, each file built once: the fast path checks twice. Only
    the targets' components are looked up in the inventory: other windows' problems
    (OL401) are not reported, and the lookup costs more than the rest of building."""
    from opsledger.schedule.load import Loaded, build, default_zone

    zone = default_zone(ctx.ws)
    done = Loaded([], {}, {})

    def specs(files: Iterable[LoadedFile]) -> Loaded:
        chosen = {f.relpath: f for f in files}
        new = [f for relpath, f in chosen.items() if relpath not in done.texts]
        for wanted in (True, False):
            items = [(f.relpath, f.data, f.text) for f in new if ctx.wanted(f.relpath) == wanted]
            part = build(items, zone, known if wanted else None)
            done.windows.extend(part.windows)
            done.problems.update(part.problems)
            done.texts.update(part.texts)
        return Loaded(
            sorted(
                [w for w in done.windows if w.relpath in chosen], key=lambda w: (w.id, w.relpath)
            ),
            {relpath: found for relpath, found in done.problems.items() if relpath in chosen},
            {relpath: text for relpath, text in done.texts.items() if relpath in chosen},
        )

    return specs


def _files(ctx: CheckContext) -> tuple[list[LoadedFile], list[LoadedFile], list[LoadedFile]]:
    """(windows, tasks, changes) to check. On the fast path (``ctx.targets``) only the
    targets are loaded, and the records their links name (a task's or change's window,
    a window's tasks and change); a link named only at the other end is not followed
    (but for changed windows, ``_changed_windows`` reads every window)."""
    if ctx.targets is None:
        return ctx.of_kind("window"), ctx.of_kind("task"), ctx.of_kind("change")
    windows = {f.relpath: f for f in ctx.of_kind("window")}
    records = {kind: {f.relpath: f for f in ctx.of_kind(kind)} for kind in ("task", "change")}

    def follow(record_id: Any, kind: str, into: dict[str, LoadedFile]) -> None:
        found = ctx.record_file(record_id) if isinstance(record_id, str) else None
        if found is not None and found.kind == kind:
            into.setdefault(found.relpath, found)

    for record in (*records["task"].values(), *records["change"].values()):
        follow(record.data.get("window"), "window", windows)
    for window in [w for w in windows.values() if ctx.wanted(w.relpath)]:
        listed: Any = window.data.get("tasks")
        for task_id in listed if isinstance(listed, list) else []:  # pyright: ignore[reportUnknownVariableType]
            follow(task_id, "task", records["task"])
        follow(window.data.get("change"), "change", records["change"])
    return list(windows.values()), list(records["task"].values()), list(records["change"].values())


def _runner(check_id: str) -> CheckFunction:
    def run(ctx: CheckContext) -> Iterable[Finding]:
        for issue in window_issues(ctx):
            if issue.check != check_id:
                continue
            loaded = ctx.files.get(issue.relpath)
            location = (
                loaded.locate(issue.keypath) if loaded is not None else Location(issue.relpath)
            )
            hint = f"move {issue.move}" if issue.move else None
            yield Finding(check_id, issue.message, location, hint)

    return run


_SUMMARIES = {
    "OL401": "a window that cannot be scheduled: bad times, length, rule, zone, component or team",
    "OL402": "two maintenance windows overlap on shared components",
    "OL403": "maintenance during a freeze or critical operation on shared components",
    "OL404": "a team's concurrent engineers exceed its capacity in people.yaml",
    "OL405": "a change that started or completed outside its window",
    "OL406": "a task whose components its window does not cover",
}

CHECKS: list[CheckSpec] = [
    CheckSpec(check_id, CHECK_NAMES[check_id], "error", summary, _runner(check_id))
    for check_id, summary in _SUMMARIES.items()
]
