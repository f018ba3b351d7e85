"""Record files on disk: finding them by id and reading them, for every feature."""

from __future__ import annotations

from collections.abc import Generator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opsledger.model.components import reference_known
from opsledger.model.errors import Location, NotFound, ParseError, ValidationFailed
from opsledger.model.ids import is_record_id
from opsledger.store.idresolve import resolve_id
from opsledger.store.workspace import Workspace

if TYPE_CHECKING:
    from opsledger.model.task import Task
    from opsledger.store.yamlio import YamlDocument


def task_files(ws: Workspace) -> dict[str, Path]:
    """Every task id with its file; the file name is the id."""
    return {path.name[: -len(".yaml")]: path for path in ws.paths.iter_record_files("task")}


def find_task(ws: Workspace, fragment: str) -> tuple[str, Path]:
    prefix = ws.id_prefix("task")
    if is_record_id(fragment) and fragment.startswith(prefix + "-"):
        path = ws.paths.record_file("task", fragment)  # a full id: no listing
        if path is not None:
            return fragment, path
    files = ws.paths.record_names("task")
    task_id = resolve_id(fragment, files, prefix)
    return task_id, Path(files[task_id])


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
    from opsledger.store.fastload import load_fast

    data = load_fast(text, relpath)
    if not isinstance(data, dict):
        raise ParseError(f"{relpath}: a task file must hold a mapping")
    return data, text  # pyright: ignore[reportUnknownVariableType]


def load_task(ws: Workspace, path: Path) -> Task:
    from opsledger.model.task import Task
    from opsledger.store.modelcheck import validate_model

    data, text = load_data(ws, path)
    return validate_model(Task, data, ws.paths.rel(path), text)


def read_document(ws: Workspace, path: Path) -> YamlDocument:
    from opsledger.store.yamlio import YamlDocument

    relpath = ws.paths.rel(path)
    return YamlDocument.parse(read_text(path, relpath), relpath)


def check_task(ws: Workspace, data: Any, relpath: str, text: str) -> Task:
    """Validate a task about to be written; ValidationFailed points at file:line:column."""
    from opsledger.model.task import Task
    from opsledger.store.modelcheck import locate, validate_model

    task = validate_model(Task, data, relpath, text)
    problems: list[tuple[tuple[str | int, ...], str]] = []
    expected_name = f"{task.id}.yaml"
    if not relpath.endswith("/" + expected_name):
        problems.append((("id",), f"id {task.id} does not match the file name {relpath}"))
    known = list(ws.inventory.components)
    for index, ref in enumerate(task.components):
        if not reference_known(ref, known):
            problems.append(
                (("components", index), f"unknown component {ref!r} (not in inventory.yaml)")
            )
    people = ws.people
    if task.assignee and task.assignee not in people.people and task.assignee not in people.bots:
        problems.append((("assignee",), f"unknown person {task.assignee!r} (not in people.yaml)"))
    if task.team and task.team not in people.teams and not people.team_members(task.team):
        problems.append((("team",), f"unknown team {task.team!r} (not in people.yaml)"))
    if task.id in task.depends_on:
        problems.append((("depends_on",), "a task cannot depend on itself"))
    if not problems:
        return task
    located: list[tuple[Location | None, str]] = [
        (locate(text, relpath, path, False), message) for path, message in problems
    ]
    first_location, first_message = located[0]
    more = f" (and {len(located) - 1} more)" if len(located) > 1 else ""
    raise ValidationFailed(first_message + more, first_location or Location(relpath), located)


class TaskEdit:
    """The task being edited inside ``edit_task``: its id, file and round-trip document."""

    def __init__(self, task_id: str, path: Path, doc: YamlDocument, task: Task | None = None):
        self.task_id, self.path, self.doc, self.task = task_id, path, doc, task


@contextmanager
def edit_task(
    ws: Workspace, fragment: str, noun: str, verb: str, summary: str = ""
) -> Generator[TaskEdit, None, None]:
    """Lock, read a task as a round-trip document, let the caller change it, then validate,
    write and commit (or join the open batch). ``updated`` is stamped on the way out."""
    task_id, path = find_task(ws, fragment)
    with ws.transaction(noun, verb, task_id, summary) as tx:
        tx.touch_id(task_id)
        edit = TaskEdit(task_id, path, read_document(ws, path))
        yield edit
        edit.doc.set(["updated"], ws.timestamp())
        text = edit.doc.dump()
        edit.task = check_task(ws, edit.doc.plain(), ws.paths.rel(path), text)
        tx.write(path, text)
