"""The task API: ``ledger.tasks.create/get/list/transition/comment/set/rm``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from opsledger.model.errors import OpsledgerError, UsageError
from opsledger.model.ids import new_entry_id, new_record_id
from opsledger.model.task import Task
from opsledger.store.workspace import Workspace
from opsledger.store.yamlio import YamlDocument, new_document
from opsledger.tasks.checks import check_task
from opsledger.tasks.files import find_task, load_task, read_document, task_files
from opsledger.tasks.lifecycle import apply_transition

MODELINE = "yaml-language-server: $schema={up}.opsledger/schemas/task.schema.json"
# Fields people set through ``task set``; the rest have their own commands.
_PROTECTED = {
    "id": "ids never change",
    "created": "created never changes",
    "status": "use the transitions: opsledger task start|block|done|… ID",
    "commands": "commands are append-only: use opsledger cmd add",
    "events": "events are append-only: use opsledger task comment",
}
_FIELD_ORDER = (
    "id",
    "title",
    "type",
    "status",
    "priority",
    "category",
    "assignee",
    "team",
    "components",
    "client",
    "project",
    "parent",
    "depends_on",
    "change",
    "window",
    "due",
    "tags",
    "labels",
    "created",
    "updated",
    "assigned_at",
    "started_at",
    "resolved_at",
    "resolution",
    "sla",
    "source",
    "description",
)


class TaskService:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    # --- reading --------------------------------------------------------------------
    def resolve(self, fragment: str) -> tuple[str, Path]:
        return find_task(self.ws, fragment)

    def get(self, fragment: str) -> Task:
        return load_task(self.ws, self.resolve(fragment)[1])

    def iter_all(self) -> Iterator[Task]:
        for path in task_files(self.ws).values():
            yield load_task(self.ws, path)

    # --- writing --------------------------------------------------------------------
    def _path_for(self, task_id: str) -> Path:
        return self.ws.paths.record_dir("task") / f"{task_id}.yaml"

    def _save(self, doc: YamlDocument, path: Path, task_id: str, tx_write: Any) -> Task:
        text = doc.dump()
        task = check_task(self.ws, doc.plain(), self.ws.paths.rel(path), text)
        tx_write(path, text)
        return task

    def create(self, title: str, **fields: Any) -> Task:
        """Create a task; ``fields`` are task fields (``type``, ``priority``, ``components``…)."""
        prefix = self.ws.config.ids.task
        existing = task_files(self.ws)
        task_id = new_record_id(prefix)
        while task_id in existing:  # pragma: no cover - 40 random bits
            task_id = new_record_id(prefix)
        now = self.ws.timestamp()
        data: dict[str, Any] = {"id": task_id, "title": title, "status": "open", "created": now}
        for key, value in fields.items():
            if key in ("id", "created", "commands", "events"):
                raise UsageError(f"{key} is set by opsledger, not by create()")
            if value is not None and value != [] and value != {}:
                data[key] = value
        if data.get("assignee") and data["status"] == "open":
            data["status"] = "assigned"
            data["assigned_at"] = now
        ordered = {k: data[k] for k in _FIELD_ORDER if k in data}
        ordered.update({k: v for k, v in data.items() if k not in ordered})
        path = self._path_for(task_id)
        relpath = self.ws.paths.rel(path.parent) + "/" + path.name
        doc = new_document(ordered, relpath, header=MODELINE.format(up="../"))
        with self.ws.transaction("task", "create", task_id, title) as tx:
            tx.touch_id(task_id)
            return self._save(doc, path, task_id, tx.write)

    @contextmanager
    def _edit(
        self, fragment: str, verb: str, summary: str = ""
    ) -> Iterator[tuple[str, Path, YamlDocument, Any]]:
        task_id, path = self.resolve(fragment)
        with self.ws.transaction("task", verb, task_id, summary) as tx:
            tx.touch_id(task_id)
            doc = read_document(self.ws, path)
            yield task_id, path, doc, tx.write

    def transition(
        self,
        fragment: str,
        verb: str,
        *,
        assignee: str | None = None,
        resolution: str | None = None,
        note: str | None = None,
    ) -> Task:
        with self._edit(fragment, verb) as (task_id, path, doc, write):
            apply_transition(
                doc,
                verb,
                at=self.ws.timestamp(),
                by=self.ws.actor(),
                assignee=assignee,
                resolution=resolution,
                note=note,
            )
            return self._save(doc, path, task_id, write)

    def comment(self, fragment: str, text: str) -> Task:
        if not text.strip():
            raise UsageError("an empty comment says nothing; give some text")
        with self._edit(fragment, "comment") as (task_id, path, doc, write):
            at = self.ws.timestamp()
            doc.append(
                ["events"],
                {
                    "id": new_entry_id(),
                    "at": at,
                    "by": self.ws.actor(),
                    "kind": "comment",
                    "text": text,
                },
            )
            doc.set(["updated"], at)
            return self._save(doc, path, task_id, write)

    def set(self, fragment: str, assignments: Sequence[tuple[str, Any]]) -> Task:
        """Set dotted key paths, e.g. ``[("labels.env", "prod"), ("due", "2026-12-01T…")]``."""
        if not assignments:
            raise UsageError("nothing to set: give KEY=VALUE")
        summary = ", ".join(key for key, _ in assignments)
        with self._edit(fragment, "set", summary) as (task_id, path, doc, write):
            for key, value in assignments:
                keypath = [int(p) if p.isdigit() else p for p in key.split(".")]
                head = str(keypath[0])
                if head in _PROTECTED:
                    raise UsageError(f"cannot set {key}: {_PROTECTED[head]}")
                if value is None:
                    try:
                        doc.delete(keypath)
                    except (KeyError, IndexError):
                        raise OpsledgerError(f"{task_id} has no {key} to remove") from None
                else:
                    doc.set(keypath, value)
            doc.set(["updated"], self.ws.timestamp())
            return self._save(doc, path, task_id, write)

    def replace(self, fragment: str, text: str) -> Task:
        """Replace a task file with edited text (``opsledger edit``), validated first."""
        task_id, path = self.resolve(fragment)
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
