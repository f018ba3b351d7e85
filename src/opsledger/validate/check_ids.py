"""OL104 id-mismatch, OL106 duplicate-id, OL112 duplicate-entry-id."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from opsledger.model.ids import is_record_id
from opsledger.store.checking import CheckContext, Finding
from opsledger.validate.context import ValidationContext
from opsledger.validate.discover import RECORD_KINDS, record_id_of
from opsledger.validate.values import entries, get, text

ENTRY_LISTS = ("commands", "time", "events")


def id_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    assert isinstance(ctx, ValidationContext)
    for kind in RECORD_KINDS:
        prefix = ctx.ws.id_prefix(kind)
        for f in ctx.of_kind(kind):
            record_id = text(f.data, "id")
            if not ctx.wanted(f.relpath) or record_id is None or not is_record_id(record_id):
                continue  # a malformed id is a schema finding
            expected = record_id_of(f.relpath)
            if record_id != expected:
                yield ctx.finding(
                    "OL104",
                    f.relpath,
                    ["id"],
                    f"id {record_id} does not match the file name {expected}",
                    f"rename the file to {record_id}{f.relpath[f.relpath.rfind('.') :]}"
                    " or fix the id",
                )
            elif not record_id.startswith(prefix + "-"):
                yield ctx.finding(
                    "OL104",
                    f.relpath,
                    ["id"],
                    f"id {record_id} does not use the {kind} prefix {prefix}-",
                    "the prefixes are set under ids: in opsledger.yaml",
                )


def duplicate_ids(ctx: CheckContext) -> Iterator[Finding]:
    assert isinstance(ctx, ValidationContext)
    for record_id, paths in ctx.names.items():
        if len(paths) < 2:
            continue
        for relpath in paths:
            if ctx.wanted(relpath):
                others = ", ".join(p for p in paths if p != relpath)
                yield ctx.finding(
                    "OL106",
                    relpath,
                    ["id"],
                    f"id {record_id} is also used by {others}",
                    "ids are unique across the ledger: give one of them a new id",
                )


def duplicate_entry_ids(ctx: CheckContext) -> Iterator[Finding]:
    assert isinstance(ctx, ValidationContext)
    for f in ctx.of_kind("task"):
        if not ctx.wanted(f.relpath):
            continue
        for key in ENTRY_LISTS:
            if _distinct(f.data, key):
                continue
            seen: dict[str, int] = {}
            for index, entry in entries(f.data, key):
                entry_id = text(entry, "id")
                if entry_id is None:
                    continue
                if entry_id in seen:
                    first = f"{key}[{seen[entry_id]}]"
                    yield ctx.finding(
                        "OL112",
                        f.relpath,
                        [key, index, "id"],
                        f"{key}[{index}] repeats the entry id {entry_id} of {first}",
                        "entry ids are unique within their list: draw a new random one",
                    )
                else:
                    seen[entry_id] = index


def _distinct(data: Any, key: str) -> bool:
    """Whether the ids of a list's entries are all different (the common case, cheaply)."""
    items = get(data, key)
    if not isinstance(items, list):
        return True
    named: list[str] = [
        entry_id
        for entry in cast(list[Any], items)
        if isinstance(entry_id := get(entry, "id"), str)
    ]
    return len(set(named)) == len(named)
