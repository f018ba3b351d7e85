"""Task files on disk: finding them by id and reading them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from opsledger.model.errors import NotFound, ParseError
from opsledger.model.task import Task
from opsledger.store.fastload import load_fast
from opsledger.store.idresolve import resolve_id
from opsledger.store.modelcheck import validate_model
from opsledger.store.workspace import Workspace
from opsledger.store.yamlio import YamlDocument


def task_files(ws: Workspace) -> dict[str, Path]:
    """Every task id with its file; the file name is the id."""
    return {path.name[: -len(".yaml")]: path for path in ws.paths.iter_record_files("task")}


def find_task(ws: Workspace, fragment: str) -> tuple[str, Path]:
    files = task_files(ws)
    task_id = resolve_id(fragment, files, ws.config.ids.task)
    return task_id, files[task_id]


def read_text(path: Path, relpath: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotFound(f"{relpath} does not exist") from None
    except UnicodeDecodeError as exc:
        raise ParseError(f"not UTF-8 at byte {exc.start}", None) from None


def load_data(ws: Workspace, path: Path) -> tuple[dict[str, Any], str]:
    relpath = ws.paths.rel(path)
    text = read_text(path, relpath)
    data = load_fast(text, relpath)
    if not isinstance(data, dict):
        raise ParseError(f"{relpath}: a task file must hold a mapping")
    return data, text  # pyright: ignore[reportUnknownVariableType]


def load_task(ws: Workspace, path: Path) -> Task:
    data, text = load_data(ws, path)
    return validate_model(Task, data, ws.paths.rel(path), text)


def read_document(ws: Workspace, path: Path) -> YamlDocument:
    relpath = ws.paths.rel(path)
    return YamlDocument.parse(read_text(path, relpath), relpath)
