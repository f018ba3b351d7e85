"""Collecting what the window checks need from a ledger on disk (``window check``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from opsledger.schedule.links import Record
from opsledger.schedule.load import load_windows
from opsledger.schedule.runner import CheckInput
from opsledger.schedule.spec import known_paths
from opsledger.store.fastload import load_fast
from opsledger.store.workspace import Workspace


def _records(ws: Workspace, kind: str, linked: set[str] | None = None) -> Iterator[Record]:
    """Records of a kind as (relpath, data); with ``linked`` only those that can link to a
    window: named by one, or naming one (``window:`` in the text). Parsing every task of a
    10k ledger to find the few linked ones took seconds; those a current index parsed as
    they are now come from it (their bytes hashed), which takes milliseconds."""
    from opsledger.index.service import Index

    found: list[tuple[str, bytes]] = []
    for relpath, path in ws.paths.record_relpaths(kind):
        try:
            with open(path, "rb") as handle:
                raw = handle.read()
        except OSError:
            continue
        record_id = relpath.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if linked is not None and record_id not in linked and b"window" not in raw:
            continue
        found.append((relpath, raw))
    as_indexed = Index(ws).files_as_indexed([relpath for relpath, _ in found], dict(found))
    for relpath, raw in found:
        if relpath in as_indexed:
            yield relpath, as_indexed[relpath][1]
            continue
        data = _parse(kind, relpath, raw)
        if isinstance(data, dict):
            yield relpath, data  # pyright: ignore[reportUnknownVariableType]


def _parse(kind: str, relpath: str, raw: bytes) -> Any:
    """The file's data, or None when it does not load (the validator reports it)."""
    try:
        text = raw.decode("utf-8")
        if kind == "change":
            from opsledger.store.markdown import split_front_matter

            text = split_front_matter(text, relpath)[0]
        return load_fast(text, relpath)
    except Exception:
        return None


def check_input(ws: Workspace) -> CheckInput:
    known = known_paths(ws.inventory_data)
    loaded = load_windows(ws, known)
    linked = {task_id for window in loaded.windows for task_id in window.tasks}
    return CheckInput(
        loaded=loaded,
        people=ws.people_data,
        known=known,
        zone=ws.zone,
        tasks=list(_records(ws, "task", linked)),
        changes=list(_records(ws, "change")),
        skip=_ignored(ws),
    )


def _ignored(ws: Workspace) -> set[str]:
    checks: Any = ws.config_data.get("checks") or {}
    if not isinstance(checks, dict):
        return set()
    return {str(k) for k, v in checks.items() if v == "ignore"}  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
