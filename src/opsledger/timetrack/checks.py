"""Validator checks OL5xx: time entries (contract in ``store/checking.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from opsledger.store.checking import CheckContext, CheckSpec, Finding, LoadedFile
from opsledger.timetrack.entries import as_mapping, entries_of_task, epoch, raw_list
from opsledger.timetrack.overlap import find_overlaps, format_duration_s

BILLING = "policies/billing.yaml"


def _task_id(file: LoadedFile) -> str:
    return file.relpath.rsplit("/", 1)[-1].removesuffix(".yaml")


def _entries(file: LoadedFile) -> Iterator[tuple[int, dict[str, Any]]]:
    data = as_mapping(file.data)
    yield from enumerate(raw_list(data, "time") if data is not None else [])


def _bounds(raw: dict[str, Any]) -> tuple[int, int] | None:
    try:
        start = epoch(str(raw["start"]))
        if raw.get("end") is not None:
            return start, epoch(str(raw["end"]))
        return start, start + int(raw.get("minutes") or 0) * 60
    except (KeyError, ValueError, TypeError):
        return None


def _billing(files: dict[str, LoadedFile]) -> dict[str, Any] | None:
    found = files.get(BILLING)
    return as_mapping(found.data) if found is not None else None


def ends_before_start(ctx: CheckContext) -> Iterator[Finding]:
    for file in ctx.of_kind("task"):
        if not ctx.wanted(file.relpath):
            continue
        for index, raw in _entries(file):
            bounds = _bounds(raw)
            if bounds is not None and raw.get("end") is not None and bounds[1] <= bounds[0]:
                yield Finding(
                    "OL501",
                    f"time entry {raw.get('id')} ends at or before its start",
                    file.locate(["time", index, "end"]),
                )


def _owner(data: dict[str, Any], raw: dict[str, Any], key: str) -> Any:
    return raw.get(key) or data.get(key)


def _client_findings(ctx: CheckContext) -> Iterator[Finding]:
    billing = _billing(ctx.files)
    if billing is None:
        return
    clients = as_mapping(billing.get("clients")) or {}
    for file in ctx.of_kind("task"):
        data = as_mapping(file.data)
        if data is None or not ctx.wanted(file.relpath):
            continue
        for index, raw in _entries(file):
            client, project = _owner(data, raw, "client"), _owner(data, raw, "project")
            spec = as_mapping(clients.get(client)) if client else None
            if client and spec is None:
                yield Finding(
                    "OL502",
                    f"time entry {raw.get('id')}: unknown client {client!r}",
                    file.locate(["time", index]),
                    hint=f"clients are in {BILLING}",
                )
                continue
            if spec is None:
                continue
            projects = as_mapping(spec.get("projects")) or {}
            if project and projects and project not in projects:
                yield Finding(
                    "OL502",
                    f"time entry {raw.get('id')}: unknown project {project!r} of client {client}",
                    file.locate(["time", index]),
                )
            billable = raw.get("billable", True) is not False
            if billable and not project and spec.get("require_project"):
                yield Finding(
                    "OL503",
                    f"time entry {raw.get('id')}: billable time of {client} needs a project",
                    file.locate(["time", index]),
                )


_CLIENT_KEY = "_opsledger_time_client_findings"


def _client_findings_once(ctx: CheckContext) -> list[Finding]:
    """OL502 and OL503 come from one pass, kept on the context for the second check."""
    found: list[Finding] | None = getattr(ctx, _CLIENT_KEY, None)
    if found is None:
        found = list(_client_findings(ctx))
        setattr(ctx, _CLIENT_KEY, found)
    return found


def unknown_client_project(ctx: CheckContext) -> Iterator[Finding]:
    return (f for f in _client_findings_once(ctx) if f.check == "OL502")


def missing_project(ctx: CheckContext) -> Iterator[Finding]:
    return (f for f in _client_findings_once(ctx) if f.check == "OL503")


def overlapping(ctx: CheckContext) -> Iterator[Finding]:
    files = {_task_id(f): f for f in ctx.of_kind("task")}
    entries = [
        e for tid, f in files.items() for e in entries_of_task(as_mapping(f.data) or {}, tid)
    ]
    for o in find_overlaps(entries):
        first, second = files[o.first.task], files[o.second.task]
        if not (ctx.wanted(first.relpath) or ctx.wanted(second.relpath)):
            continue
        index = next(i for i, raw in _entries(second) if raw.get("id") == o.second.id)
        yield Finding(
            "OL504",
            f"{o.who}: entry {o.second.id} overlaps {o.first.task}/"
            f"{o.first.id} by {format_duration_s(o.seconds)}",
            second.locate(["time", index]),
            hint="reports split the overlap; fix the times if it is a mistake",
        )


def _locks(files: dict[str, LoadedFile]) -> dict[str, int]:
    found: dict[str, int] = {}
    for lock in raw_list(_billing(files) or {}, "locks"):
        try:
            until = epoch(str(lock["until"]))
        except (KeyError, ValueError):
            continue
        client = str(lock.get("client"))
        found[client] = max(found.get(client, until), until)
    return found


def _by_id(file: LoadedFile | None) -> dict[str, dict[str, Any]]:
    """Entries by id, with the task's client filled in where the entry has none."""
    data = as_mapping(file.data) if file is not None else None
    if file is None or data is None:
        return {}
    return {
        str(raw.get("id")): {**raw, "client": _owner(data, raw, "client")}
        for _, raw in _entries(file)
    }


def locked_edits(ctx: CheckContext) -> Iterator[Finding]:
    if ctx.base is None:
        return
    locks = _locks(ctx.base_files)
    for client, until in _locks(ctx.files).items():  # a PR cannot unlock by editing both
        locks[client] = max(locks.get(client, until), until)
    paths = {f.relpath for f in ctx.of_kind("task")} | {
        f.relpath for f in ctx.base_files.values() if f.kind == "task" and f.data is not None
    }
    for relpath in sorted(paths):
        if not ctx.wanted(relpath):
            continue
        new, old = ctx.files.get(relpath), ctx.base_files.get(relpath)
        now, before = _by_id(new), _by_id(old)
        for entry_id in sorted(set(now) | set(before)):
            a, b = before.get(entry_id), now.get(entry_id)
            if a == b:
                continue
            for raw in (x for x in (a, b) if x is not None):
                until, bounds = locks.get(str(raw.get("client"))), _bounds(raw)
                if until is not None and bounds is not None and bounds[0] <= until:
                    verb = "added" if a is None else "removed" if b is None else "changed"
                    yield Finding(
                        "OL505",
                        f"time entry {entry_id} {verb} inside "
                        f"{raw.get('client')}'s locked (invoiced) period",
                        new.locate(["time"]) if new and b else None,
                    )
                    break


CHECKS: list[CheckSpec] = [
    CheckSpec(
        "OL501",
        "time-ends-before-start",
        "error",
        "a time entry ends at or before its start",
        ends_before_start,
    ),
    CheckSpec(
        "OL502",
        "unknown-time-client",
        "error",
        "a time entry names a client or project billing.yaml does not know",
        unknown_client_project,
    ),
    CheckSpec(
        "OL503",
        "time-without-project",
        "error",
        "billable time without a project where the client requires one",
        missing_project,
    ),
    CheckSpec(
        "OL504", "overlapping-time", "warning", "one person's time entries overlap", overlapping
    ),
    CheckSpec(
        "OL505",
        "locked-time-edited",
        "error",
        "a time entry inside a locked (invoiced) period was added, changed or removed",
        locked_edits,
    ),
]
