"""Editing in ``$EDITOR``: a private temp copy, validation before anything is committed."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from opsledger.model.errors import OpsledgerError, UsageError

if TYPE_CHECKING:
    from opsledger.ledger import Ledger
    from opsledger.model.task import Task

T = TypeVar("T")


def edit_until_valid(text: str, name: str, accept: Callable[[str], T]) -> T | None:
    """Open ``text`` in the editor until ``accept`` takes it; None when left unchanged."""
    folder = Path(tempfile.mkdtemp(prefix="opsledger-edit-"))
    try:
        folder.chmod(0o700)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        while True:
            click.edit(filename=str(path))
            edited = path.read_text(encoding="utf-8")
            if edited == text:
                click.echo("no changes", err=True)
                return None
            try:
                return accept(edited)
            except OpsledgerError as exc:
                click.echo(f"opsledger: error: {exc}", err=True)
                if not sys.stdin.isatty() or not click.confirm("re-open the editor?", default=True):
                    raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def new_task_in_editor(ledger: Ledger, title: str, fields: dict[str, Any]) -> Task:
    from opsledger.cli.output import to_yaml
    from opsledger.store.yamlio import YamlDocument

    draft = {
        "title": title or "TITLE",
        **{k: v for k, v in fields.items() if v not in (None, [], {})},
    }
    draft.setdefault("description", "")
    header = "# New task: edit, save and quit. Leave unchanged to abort.\n"

    def accept(text: str) -> Task:
        data = YamlDocument.parse(text, "new task").plain()
        if not isinstance(data, dict) or not data.get("title"):
            raise UsageError("the new task needs a title")
        values: dict[str, Any] = dict(data)  # pyright: ignore[reportUnknownArgumentType]
        return ledger.tasks.create(str(values.pop("title")), **values)

    task = edit_until_valid(header + to_yaml(draft), "new-task.yaml", accept)
    if task is None:
        raise UsageError("aborted: the template was left unchanged")
    return task
