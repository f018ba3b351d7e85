"""Which ledger files may hold secrets, and which file a ``secret`` argument names."""

from __future__ import annotations

import os
from pathlib import Path

from opsledger.model.errors import NotFound, UsageError
from opsledger.store.idresolve import resolve_id
from opsledger.store.records import task_files
from opsledger.store.workspace import Workspace

YAML_SUFFIXES = (".yaml", ".yml")


def ledger_yaml_files(root: Path) -> list[Path]:
    """Every YAML file of the ledger, sorted; hidden folders (``.opsledger/``) skipped."""
    found: list[Path] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        for entry in os.scandir(folder):
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                # A nested ledger is its own ledger with its own rules.
                if not (Path(entry.path) / "opsledger.yaml").is_file():
                    stack.append(Path(entry.path))
            elif entry.name.endswith(YAML_SUFFIXES):
                found.append(Path(entry.path))
    found.sort()
    return found


def resolve_target(ws: Workspace, target: str) -> tuple[Path, str]:
    """A record id (prefix) or a ledger-relative path → (file, ledger-relative path)."""
    if "/" in target or target.endswith(YAML_SUFFIXES):
        path = (ws.paths.root / target).resolve()
        try:
            relpath = path.relative_to(ws.paths.root.resolve()).as_posix()
        except ValueError:
            raise UsageError(f"{target}: not inside the ledger") from None
        if not path.is_file():
            raise NotFound(f"{relpath} does not exist")
        return path, relpath
    files = task_files(ws)
    files.update((p.name[: -len(".yaml")], p) for p in ws.paths.iter_record_files("window"))
    record_id = resolve_id(target, files, None)
    return files[record_id], ws.paths.rel(files[record_id])
