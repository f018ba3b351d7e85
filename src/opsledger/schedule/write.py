"""Creating and replacing window files: validated first, written and committed as one commit."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from opsledger.model.errors import Location, UsageError, ValidationFailed
from opsledger.model.ids import new_record_id
from opsledger.schedule.capacity import team_capacities
from opsledger.schedule.load import default_zone, window_files
from opsledger.schedule.spec import known_paths, parse_window
from opsledger.store.emit import emit_document
from opsledger.store.workspace import Workspace

MODELINE = "yaml-language-server: $schema=../.opsledger/schemas/window.schema.json"
# In the order new window files are written.
FIELDS = (
    "id", "title", "kind", "priority", "created", "start", "end", "duration", "timezone",
    "recurrence", "cron", "until", "count", "exclude", "components", "team", "engineers",
    "change", "tasks", "owner", "tags", "labels", "description",
)  # fmt: skip
_SET_BY_OPSLEDGER = frozenset({"id", "created", "updated"})


def validate_window(ws: Workspace, data: Any, relpath: str, text: str) -> None:
    """Model, recurrence, components, team and file name; ValidationFailed at file:line:column."""
    from opsledger.model.window import Window
    from opsledger.store.modelcheck import locate, validate_model

    window = validate_model(Window, data, relpath, text)
    from opsledger.schedule.refs import KnownComponents

    known = KnownComponents(known_paths(ws.inventory_data))
    _, problems = parse_window(data, relpath, default_zone=default_zone(ws), known_components=known)
    if window.team and window.team not in team_capacities(ws.people_data):
        problems.append((("team",), f"unknown team {window.team!r} (not in people.yaml)"))
    if not relpath.endswith(f"/{window.id}.yaml"):
        problems.append((("id",), f"id {window.id} does not match the file name {relpath}"))
    if not problems:
        return
    located: list[tuple[Location | None, str]] = [
        (locate(text, relpath, path, False), message) for path, message in problems
    ]
    more = f" (and {len(located) - 1} more)" if len(located) > 1 else ""
    raise ValidationFailed(located[0][1] + more, located[0][0] or Location(relpath), located)


def _stamp(ws: Workspace, value: Any) -> Any:
    return ws.timestamp(value) if isinstance(value, datetime) else value


def build_window(ws: Workspace, title: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise UsageError(f"unknown window field {unknown[0]!r}")
    for key in fields:
        if key in _SET_BY_OPSLEDGER:
            raise UsageError(f"{key} is set by opsledger, not when creating a window")
    existing = set(window_files(ws))
    window_id = new_record_id(ws.id_prefix("window"))
    while window_id in existing:  # pragma: no cover - 40 random bits
        window_id = new_record_id(ws.id_prefix("window"))
    values: dict[str, Any] = {"id": window_id, "title": title, "created": ws.timestamp()}
    for key, value in fields.items():
        if value in (None, [], (), {}, ""):
            continue
        if key == "exclude":
            value = [_stamp(ws, v) for v in value]
        values[key] = list(value) if isinstance(value, tuple) else _stamp(ws, value)  # pyright: ignore[reportUnknownArgumentType]
    values.setdefault("kind", "maintenance")
    values.setdefault("priority", "medium")
    values.setdefault("timezone", default_zone(ws))
    return {key: values[key] for key in FIELDS if key in values}


def create_window(ws: Workspace, title: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    if not title.strip():
        raise UsageError('a window needs a title: opsledger window new "TITLE" --start …')
    data = build_window(ws, title, fields)
    path = ws.paths.record_dir("window") / f"{data['id']}.yaml"
    relpath = f"windows/{data['id']}.yaml"
    text = emit_document(data, header=MODELINE)
    validate_window(ws, data, relpath, text)
    with ws.transaction("window", "create", data["id"], title) as tx:
        tx.touch_id(data["id"])
        tx.write(path, text)
    return data


def replace_window(ws: Workspace, window_id: str, path: Path, text: str) -> dict[str, Any]:
    """Replace a window file with edited text (``window edit``), validated first."""
    from opsledger.store.yamlio import YamlDocument

    relpath = ws.paths.rel(path)
    data = YamlDocument.parse(text, relpath).plain()
    validate_window(ws, data, relpath, text)
    if data.get("id") != window_id:
        raise UsageError(f"the id changed from {window_id} to {data.get('id')}; ids never change")
    with ws.transaction("window", "edit", window_id, str(data.get("title", ""))) as tx:
        tx.touch_id(window_id)
        tx.write(path, text)
    return data


def update_window(
    ws: Workspace, window_id: str, path: Path, fields: Mapping[str, Any], unset: list[str]
) -> dict[str, Any]:
    """Set and remove fields in place (comments and layout survive), validated first."""
    from opsledger.model.errors import OpsledgerError
    from opsledger.store.yamlio import YamlDocument

    relpath = ws.paths.rel(path)
    doc = YamlDocument.parse(path.read_text(encoding="utf-8"), relpath)
    for key in [*fields, *unset]:
        if key not in FIELDS or key in _SET_BY_OPSLEDGER:
            raise UsageError(f"cannot set {key!r} on a window")
    # Switching between end and duration, or recurrence and cron, replaces the other one.
    exclusive = {"end": "duration", "duration": "end", "recurrence": "cron", "cron": "recurrence"}
    for key, value in fields.items():
        if exclusive.get(key) in doc.plain() and exclusive[key] not in fields:
            doc.delete([exclusive[key]])
        doc.set([key], _stamp(ws, value))
    for key in unset:
        try:
            doc.delete([key])
        except (KeyError, IndexError):
            raise OpsledgerError(f"{window_id} has no {key} to remove") from None
    doc.set(["updated"], ws.timestamp())
    return replace_window(ws, window_id, path, doc.dump())
