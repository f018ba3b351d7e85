"""The task API: ``ledger.tasks.create/get/list/transition/comment/set/rm``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opsledger.model.errors import OpsledgerError, UsageError
from opsledger.model.ids import new_entry_id
from opsledger.store.records import (
    TaskEdit,
    check_task,
    edit_task,
    find_task,
    load_task,
    task_files,
)
from opsledger.store.workspace import Workspace

if TYPE_CHECKING:
    from opsledger.model.task import Task
    from opsledger.store.workspace import Transaction
    from opsledger.tasks.create import KnownTasks

# Fields people set through ``task set``; the rest have their own commands.
_PROTECTED = {
    "id": "ids never change",
    "created": "created never changes",
    "status": "use the transitions: opsledger task start|block|done|… ID",
    "commands": "commands are append-only: use opsledger cmd add",
    "events": "events are append-only: use opsledger task comment",
}


class TaskService:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._known: tuple[Transaction, KnownTasks] | None = None

    # --- reading --------------------------------------------------------------------
    def resolve(self, fragment: str) -> tuple[str, Path]:
        return find_task(self.ws, fragment)

    def get(self, fragment: str) -> Task:
        return load_task(self.ws, self.resolve(fragment)[1])

    def iter_all(self) -> Iterator[Task]:
        for path in task_files(self.ws).values():
            yield load_task(self.ws, path)

    # --- writing --------------------------------------------------------------------
    def _known_tasks(self) -> KnownTasks | None:
        # Inside a batch the ids created so far are kept, so a thousand creates neither
        # rescan the folder nor reuse an id; a single create checks only its own path.
        tx = self.ws.active_transaction
        if tx is None:
            return None
        if self._known is None or self._known[0] is not tx:
            from opsledger.tasks.create import KnownTasks

            self._known = (tx, KnownTasks(self.ws))
        return self._known[1]

    def create_record(self, title: str, **fields: Any) -> dict[str, Any]:
        """Create a task and return the data written, without building the model (fast)."""
        # Imported here: list/show/search/status open a TaskService but create nothing.
        from opsledger.tasks.create import write_new_task

        return write_new_task(self.ws, title, self._known_tasks(), fields)

    def create(self, title: str, **fields: Any) -> Task:
        """Create a task; ``fields`` are task fields (``type``, ``priority``, ``components``…)."""
        from opsledger.model.task import Task

        return Task.model_validate(self.create_record(title, **fields))

    def _finish(self, edit: TaskEdit) -> Task:
        assert edit.task is not None
        return edit.task

    def transition(
        self,
        fragment: str,
        verb: str,
        *,
        assignee: str | None = None,
        resolution: str | None = None,
        note: str | None = None,
    ) -> Task:
        from opsledger.tasks.lifecycle import apply_transition

        with edit_task(self.ws, fragment, "task", verb) as edit:
            apply_transition(
                edit.doc,
                verb,
                at=self.ws.timestamp(),
                by=self.ws.actor(),
                assignee=assignee,
                resolution=resolution,
                note=note,
                starter=self.ws.me(),
            )
        return self._finish(edit)

    def comment(self, fragment: str, text: str) -> Task:
        if not text.strip():
            raise UsageError("an empty comment says nothing; give some text")
        with edit_task(self.ws, fragment, "task", "comment") as edit:
            event = {
                "id": new_entry_id(),
                "at": self.ws.timestamp(),
                "by": self.ws.actor(),
                "kind": "comment",
                "text": text,
            }
            edit.doc.append(["events"], event)
        return self._finish(edit)

    def set(self, fragment: str, assignments: Sequence[tuple[str, Any]]) -> Task:
        """Set dotted key paths, e.g. ``[("labels.env", "prod"), ("due", "2026-12-01T…")]``;
        a value of None removes the key."""
        if not assignments:
            raise UsageError("nothing to set: give KEY=VALUE")
        for key, _ in assignments:
            head = key.split(".")[0]
            if head in _PROTECTED:
                raise UsageError(f"cannot set {key}: {_PROTECTED[head]}")
        summary = ", ".join(key for key, _ in assignments)
        with edit_task(self.ws, fragment, "task", "set", summary) as edit:
            for key, value in assignments:
                keypath: list[str | int] = [int(p) if p.isdigit() else p for p in key.split(".")]
                if value is not None:
                    edit.doc.set(keypath, value)
                    continue
                try:
                    edit.doc.delete(keypath)
                except (KeyError, IndexError):
                    raise OpsledgerError(f"{edit.task_id} has no {key} to remove") from None
        return self._finish(edit)

    def replace(self, fragment: str, text: str) -> Task:
        """Replace a task file with edited text (``opsledger edit``), validated first."""
        task_id, path = self.resolve(fragment)
        from opsledger.store.yamlio import YamlDocument

        relpath = self.ws.paths.rel(path)
        doc = YamlDocument.parse(text, relpath)
        task = check_task(self.ws, doc.plain(), relpath, text)
        if task.id != task_id:
            raise UsageError(f"the id changed from {task_id} to {task.id}; ids never change")
        with self.ws.transaction("task", "edit", task_id, task.title) as tx:
            tx.touch_id(task_id)
            tx.write(path, text)
        return task

    def remove(self, fragment: str) -> str:
        task_id, path = self.resolve(fragment)
        with self.ws.transaction("task", "rm", task_id) as tx:
            tx.touch_id(task_id)
            tx.delete(path)
        return task_id
