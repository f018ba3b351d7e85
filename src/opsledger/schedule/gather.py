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


def _records(ws: Workspace, kind: str) -> Iterator[Record]:
    for path in ws.paths.iter_record_files(kind):
        relpath = ws.paths.rel(path)
        try:
            text = path.read_text(encoding="utf-8")
            if kind == "change":
                from opsledger.store.markdown import split_front_matter

                text = split_front_matter(text, relpath)[0]
            data: Any = load_fast(text, relpath)
        except Exception:
            continue
        if isinstance(data, dict):
            yield relpath, data  # pyright: ignore[reportUnknownVariableType]


def check_input(ws: Workspace) -> CheckInput:
    known = known_paths(ws.inventory_data)
    return CheckInput(
        loaded=load_windows(ws, known),
        people=ws.people_data,
        known=known,
        zone=ws.zone,
        tasks=list(_records(ws, "task")),
        changes=list(_records(ws, "change")),
        skip=_ignored(ws),
    )


def _ignored(ws: Workspace) -> set[str]:
    checks: Any = ws.config_data.get("checks") or {}
    if not isinstance(checks, dict):
        return set()
    return {str(k) for k, v in checks.items() if v == "ignore"}  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
