"""References: OL101 unknown-component, OL105 decommissioned-component, OL107 unknown-person,
OL108 unknown-team, OL109 unknown-record."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from opsledger.model.transitions import CLOSED_STATUSES
from opsledger.store.checking import CheckContext, Finding, LoadedFile
from opsledger.validate.context import ValidationContext
from opsledger.validate.values import entries, mapping, text, texts

KeyPath = Sequence[str | int]
CLOSED_CHANGES = frozenset({"completed", "failed", "rolled_back", "cancelled"})


def _component_refs(f: LoadedFile) -> Iterator[tuple[KeyPath, str]]:
    if f.kind in ("task", "window", "change"):
        for index, ref in texts(f.data, "components"):
            yield ("components", index), ref
    if f.kind == "task":
        for index, entry in entries(f.data, "time"):
            ref = text(entry, "component")
            if ref is not None:
                yield ("time", index, "component"), ref


def _live(f: LoadedFile) -> bool:
    """Whether a record still acts on its components (history may name retired ones)."""
    if f.kind == "task":
        return (text(f.data, "status") or "open") not in CLOSED_STATUSES
    if f.kind == "change":
        return (text(f.data, "status") or "draft") not in CLOSED_CHANGES
    return True


def _known_refs(ctx: ValidationContext) -> Iterator[tuple[LoadedFile, KeyPath, str, bool]]:
    """(file, key path, reference, known) of every component reference in wanted files."""
    inventory = ctx.inventory
    if inventory is None:
        return
    for f in ctx.files.values():
        if f.data is not None and ctx.wanted(f.relpath):
            for keypath, ref in _component_refs(f):
                yield f, keypath, ref, inventory.known(ref)


def components(ctx: CheckContext) -> Iterator[Finding]:
    assert isinstance(ctx, ValidationContext)
    for f, keypath, ref, known in _known_refs(ctx):
        if not known:
            message = f"unknown component {ref!r} (not in inventory.yaml)"
            hint = "declare it in inventory.yaml or fix the path"
            yield ctx.finding("OL101", f.relpath, keypath, message, hint)


def components_retired(ctx: CheckContext) -> Iterator[Finding]:
    assert isinstance(ctx, ValidationContext)
    for f, keypath, ref, known in _known_refs(ctx):
        retired = ctx.inventory.retired_on(ref, ctx.today) if known and ctx.inventory else None
        if retired is not None and _live(f):
            message = f"component {ref!r} was decommissioned on {retired}"
            hint = "point the record at the replacement, or close it"
            yield ctx.finding("OL105", f.relpath, keypath, message, hint)


def _person_refs(f: LoadedFile) -> Iterator[tuple[KeyPath, str]]:
    data = f.data
    fields: dict[str, tuple[str, ...]] = {"task": ("assignee",), "window": ("owner",)}
    fields["change"] = ("requested_by", "implementer")
    for key in fields.get(f.kind, ()):
        value = text(data, key)
        if value is not None:
            yield (key,), value
    if f.kind == "task":
        for index, entry in entries(data, "time"):
            who = text(entry, "who")
            if who is not None:
                yield ("time", index, "who"), who
    elif f.kind == "change":
        for index, name in texts(data, "approvers"):
            yield ("approvers", index), name
        for index, entry in entries(data, "approvals"):
            by = text(entry, "by")
            if by is not None:
                yield ("approvals", index, "by"), by
    elif f.kind == "policy:oncall":
        for name, rotation in mapping(data, "rotations").items():
            for index, member in texts(rotation, "members"):
                yield ("rotations", name, "members", index), member
        for index, entry in entries(data, "overrides"):
            who = text(entry, "who")
            if who is not None:
                yield ("overrides", index, "who"), who
    elif f.kind == "inventory":
        for path, component in mapping(data, "components").items():
            owner = text(component, "owner")
            if owner is not None and not owner.startswith("team:"):
                yield ("components", path, "owner"), owner


def _team_refs(f: LoadedFile) -> Iterator[tuple[KeyPath, str]]:
    if f.kind in ("task", "window"):
        team = text(f.data, "team")
        if team is not None:
            yield ("team",), team
    elif f.kind == "inventory":
        for path, component in mapping(f.data, "components").items():
            owner = text(component, "owner")
            if owner is not None and owner.startswith("team:"):
                yield ("components", path, "owner"), owner.removeprefix("team:")


def people(ctx: CheckContext) -> Iterator[Finding]:
    return _roster(ctx, "OL107", "person", "people", _person_refs)


def teams(ctx: CheckContext) -> Iterator[Finding]:
    return _roster(ctx, "OL108", "team", "teams", _team_refs)


def _roster(
    ctx: CheckContext,
    check: str,
    what: str,
    section: str,
    refs: Callable[[LoadedFile], Iterator[tuple[KeyPath, str]]],
) -> Iterator[Finding]:
    """Every name a file gives a person or team that people.yaml does not know."""
    assert isinstance(ctx, ValidationContext)
    view = ctx.people
    if view is None:
        return
    known = view.person if what == "person" else view.team
    for f in ctx.files.values():
        if f.data is None or not ctx.wanted(f.relpath):
            continue
        for keypath, name in refs(f):
            if not known(name):
                message = f"unknown {what} {name!r} (not in people.yaml)"
                yield ctx.finding(check, f.relpath, keypath, message, _add_hint(section))


def _add_hint(section: str) -> str:
    return f"add it under {section}: in people.yaml or fix the name"


_RECORD_FIELDS: dict[str, tuple[tuple[str, str, bool], ...]] = {
    # kind -> (field, kind of the record it names, is a list)
    "task": (
        ("parent", "task", False),
        ("depends_on", "task", True),
        ("change", "change", False),
        ("window", "window", False),
    ),
    "window": (("change", "change", False), ("tasks", "task", True)),
    "change": (("window", "window", False), ("tasks", "task", True)),
}


def _record_refs(f: LoadedFile) -> Iterator[tuple[KeyPath, str, str]]:
    data: Any = f.data
    for key, kind, many in _RECORD_FIELDS.get(f.kind, ()):
        if many:
            for index, value in texts(data, key):
                yield (key, index), value, kind
        else:
            value = text(data, key)
            if value is not None:
                yield (key,), value, kind


def records(ctx: CheckContext) -> Iterator[Finding]:
    assert isinstance(ctx, ValidationContext)
    for f in ctx.files.values():
        if f.data is None or not ctx.wanted(f.relpath):
            continue
        for keypath, record_id, kind in _record_refs(f):
            if not ctx.has_record(record_id, kind):
                message = f"unknown {kind} {record_id} (no such file in the ledger)"
                hint = "check the id; records are found by file name"
                yield ctx.finding("OL109", f.relpath, keypath, message, hint)
