"""Checks against ``--base REF``: OL201 status-unreachable, OL202 append-only,
OL203 created-changed, OL204 id-changed, OL205 id-reused.

Time entries in locked periods are the timetrack feature's OL505."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from opsledger.model.transitions import CLOSED_STATUSES, TRANSITIONS
from opsledger.store.checking import CheckContext, CheckFunction, Finding, LoadedFile
from opsledger.validate.context import ValidationContext
from opsledger.validate.discover import RECORD_KINDS, record_id_of
from opsledger.validate.values import entries, text

APPEND_ONLY = ("commands", "events")


def _pairs(ctx: ValidationContext, kinds: tuple[str, ...]) -> Iterator[tuple[LoadedFile, Any]]:
    """(current file, base data) of every changed file that existed at the base."""
    for relpath, before in ctx.base_files.items():
        now = ctx.files.get(relpath)
        if now is None or now.data is None or before.data is None or now.kind not in kinds:
            continue
        if ctx.wanted(relpath):
            yield now, before.data


def _reopened(before: Any, after: Any) -> set[str]:
    """Closed statuses this change reopened: ``reopen`` appends a status event to open."""
    known = {text(e, "id") for _i, e in entries(before, "events")}
    return {
        text(e, "from") or ""
        for _i, e in entries(after, "events")
        if text(e, "id") not in known and text(e, "kind") == "status" and text(e, "to") == "open"
    } & CLOSED_STATUSES


def _reachable(old: str, new: str, reopened: set[str]) -> bool:
    """A path through the table; leaving done or cancelled needs a recorded reopen."""
    seen, todo = {old}, [old]
    while todo:
        current = todo.pop()
        if current == new:
            return True
        if current in CLOSED_STATUSES and current not in reopened:
            continue
        for nxt in TRANSITIONS.get(current, frozenset()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


def status_reachable(ctx: CheckContext) -> Iterator[Finding]:
    assert isinstance(ctx, ValidationContext)
    for f, before in _pairs(ctx, ("task",)):
        old, new = text(before, "status") or "open", text(f.data, "status") or "open"
        if old not in TRANSITIONS or new not in TRANSITIONS:
            continue  # an unknown status is a schema finding
        if not _reachable(old, new, _reopened(before, f.data)):
            allowed = ", ".join(sorted(TRANSITIONS[old]))
            hint = f"from {old} the table allows: {allowed}"
            if old in CLOSED_STATUSES:
                hint = f"a {old} task changes only through 'opsledger task reopen'"
            yield ctx.finding(
                "OL201",
                f.relpath,
                ["status"],
                f"status {new} cannot be reached from {old} (the status at {ctx.base})",
                hint,
            )


def _comparable(entry: dict[str, Any]) -> dict[str, Any]:
    # `secret rotate` re-encrypts redacted values: a new ciphertext is not an edit.
    redacted = entry.get("redacted")
    if isinstance(redacted, dict):
        return {**entry, "redacted": sorted(redacted)}  # pyright: ignore[reportUnknownArgumentType]
    return entry


def append_only(ctx: CheckContext) -> Iterator[Finding]:
    assert isinstance(ctx, ValidationContext)
    for f, before in _pairs(ctx, ("task",)):
        for key in APPEND_ONLY:
            current = {text(e, "id") or f"#{i}": (i, e) for i, e in entries(f.data, key)}
            for index, old in entries(before, key):
                entry_id = text(old, "id") or f"#{index}"
                found = current.get(entry_id)
                noun = key[:-1]
                if found is None:
                    yield ctx.finding(
                        "OL202",
                        f.relpath,
                        [key],
                        f"{noun} entry {entry_id} was deleted ({key} is append-only)",
                        f"restore it from {ctx.base}; add a new entry to correct it",
                        key=True,
                    )
                elif _comparable(found[1]) != _comparable(old):
                    yield ctx.finding(
                        "OL202",
                        f.relpath,
                        [key, found[0]],
                        f"{noun} entry {entry_id} was edited ({key} is append-only)",
                        f"restore it from {ctx.base}; add a new entry to correct it",
                    )


def unchanged(key: str, check: str) -> CheckFunction:
    def run(ctx: CheckContext) -> Iterator[Finding]:
        assert isinstance(ctx, ValidationContext)
        for f, before in _pairs(ctx, RECORD_KINDS):
            old, new = text(before, key), text(f.data, key)
            if old is not None and new != old:
                yield ctx.finding(
                    check,
                    f.relpath,
                    [key],
                    f"{key} changed from {old} to {new}",
                    f"{key} never changes once committed: restore {old}",
                )

    return run


def id_reused(ctx: CheckContext) -> Iterator[Finding]:
    assert isinstance(ctx, ValidationContext)
    if ctx.base is None:
        return
    for kind in RECORD_KINDS:
        for f in ctx.of_kind(kind):
            record_id = record_id_of(f.relpath)
            if record_id in ctx.deleted_ids and ctx.wanted(f.relpath):
                yield ctx.finding(
                    "OL205",
                    f.relpath,
                    ["id"],
                    f"id {record_id} belonged to a record deleted before {ctx.base}",
                    "a deleted id is never reused: create the record with a new id",
                )
