"""Editing in ``$EDITOR``: a private temp copy, validation before anything is committed.

The copy lives in a fresh 0700 folder (``crypto.scratch``) because it may hold decrypted
secrets. The folder goes away on every exit path we can see (return, error, Ctrl-C,
SIGTERM, SIGHUP); after a SIGKILL the next ``edit`` purges it first thing.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
from collections.abc import Callable, Generator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from opsledger.model.errors import OpsledgerError, UsageError

if TYPE_CHECKING:
    from opsledger.ledger import Ledger
    from opsledger.model.task import Task

T = TypeVar("T")
_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


@contextmanager
def private_folder() -> Generator[Path]:
    from opsledger.crypto.scratch import private_dir

    folder = private_dir(os.environ)
    previous = {sig: signal.getsignal(sig) for sig in _SIGNALS}

    def leave(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)  # unwinds through the finally below

    try:
        for sig in _SIGNALS:
            signal.signal(sig, leave)
    except ValueError:  # not the main thread: cleanup still runs on normal exits
        previous = {}
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def edit_until_valid(text: str, name: str, accept: Callable[[str], T]) -> T | None:
    """Open ``text`` in the editor until ``accept`` takes it; None when left unchanged."""
    with private_folder() as folder:
        path = folder / name
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
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
        data: Any = YamlDocument.parse(text, "new task").plain()
        if not isinstance(data, dict) or not data.get("title"):  # pyright: ignore[reportUnknownMemberType]
            raise UsageError("the new task needs a title")
        values: dict[str, Any] = dict(data)  # pyright: ignore[reportUnknownArgumentType]
        return ledger.tasks.create(str(values.pop("title")), **values)

    task = edit_until_valid(header + to_yaml(draft), "new-task.yaml", accept)
    if task is None:
        raise UsageError("aborted: the template was left unchanged")
    return task
