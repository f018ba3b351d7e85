"""Turn one parsed file into the rows the index stores. Pure functions of the data, so a
record's full-text rows can be recomputed exactly to delete them (the FTS is contentless)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any, cast

from opsledger.index.fields import PRIORITY_RANK
from opsledger.index.schema import DATE_COLUMNS, TEXT_COLUMNS
from opsledger.model.durations import parse_duration

# What a missing key means, per record kind (DESIGN 3.1, 3.4).
DEFAULTS: dict[str, dict[str, str]] = {
    "task": {"type": "task", "status": "open", "priority": "medium"},
    "window": {"type": "maintenance", "priority": "medium"},
    "change": {},
    "component": {},
    "runbook": {},
}
_TYPE_KEY = {"task": "type", "window": "kind", "change": "type", "component": "kind"}
_TYPE_KEY["runbook"] = "type"
_LINKS = ("parent", "change", "window")
_LIST_LINKS = ("depends_on", "tasks")


@dataclass(slots=True)
class Extracted:
    kind: str
    record_id: str
    columns: dict[str, Any]
    title: str
    body: str
    tags: list[str] = field(default_factory=lambda: list[str]())
    labels: list[tuple[str, str | None]] = field(
        default_factory=lambda: list[tuple[str, str | None]]()
    )
    comps: list[str] = field(default_factory=lambda: list[str]())
    links: list[tuple[str, str]] = field(default_factory=lambda: list[tuple[str, str]]())
    commands: list[tuple[Any, ...]] = field(default_factory=lambda: list[tuple[Any, ...]]())
    data: bytes | None = None  # a task's or window's file data: zlib(marshal), record_data


def epoch(value: Any, zone: tzinfo) -> int | None:
    """Seconds since the epoch of a timestamp, or of midnight (ledger zone) of a date."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return int(moment.timestamp())


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        return None
    return str(value)


def _strings(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [str(v) for v in value if isinstance(v, str | int)]  # pyright: ignore[reportUnknownVariableType]


def _free_text(value: Any) -> str:
    # Ciphertexts are noise to a search and must stay opaque: never index them as words.
    if isinstance(value, str) and not value.startswith("ENC["):
        return value
    return ""


def body_text(kind: str, data: dict[str, Any], markdown: str = "") -> str:
    """The searchable text beside the title: description, resolution, comments and a
    change's Markdown body. Commands and their outputs have their own table."""
    parts = [_free_text(data.get("description")), _free_text(data.get("resolution"))]
    for event in _dicts(data.get("events")):
        parts.append(_free_text(event.get("text")))
    parts.append(markdown)
    return "\n".join(p for p in parts if p)


def _dicts(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, dict)]  # pyright: ignore[reportUnknownVariableType]


def _window_end(data: dict[str, Any], zone: tzinfo) -> int | None:
    end = epoch(data.get("end"), zone)
    start = epoch(data.get("start"), zone)
    if end is not None or start is None or not isinstance(data.get("duration"), str):
        return end
    try:
        return start + int(parse_duration(data["duration"]).total_seconds())
    except ValueError:
        return None


def _rule(data: dict[str, Any]) -> str | None:
    if not (data.get("recurrence") or data.get("cron")):
        return None
    keys = ("start", "end", "duration", "timezone", "recurrence", "cron", "until", "count")
    rule = {k: data.get(k) for k in keys if data.get(k) is not None}
    rule["exclude"] = _strings(data.get("exclude"))
    return json.dumps(rule, sort_keys=True)


def extract(
    kind: str, data: dict[str, Any], path: str, zone: tzinfo, markdown: str = ""
) -> Extracted:
    defaults = DEFAULTS[kind]
    columns: dict[str, Any] = {name: _text(data.get(name)) for name in TEXT_COLUMNS}
    columns["type"] = _text(data.get(_TYPE_KEY[kind]))
    for name, value in defaults.items():
        if columns.get(name) is None:
            columns[name] = value
    columns["prio"] = PRIORITY_RANK.get(columns["priority"] or "")
    for name in DATE_COLUMNS:
        columns[name] = _text(data.get(name))
        columns[name + "_ts"] = epoch(data.get(name), zone)
    if kind == "window":
        columns["end_ts"] = _window_end(data, zone)
    columns["changed_ts"] = columns["updated_ts"] or columns["created_ts"]
    columns["rule"] = _rule(data) if kind == "window" else None
    record_id = str(data.get("id", ""))
    columns["id"], columns["kind"], columns["path"] = record_id, kind, path
    title = _free_text(data.get("title")) or (record_id if kind == "component" else "")
    columns["title"] = title or None
    out = Extracted(
        kind=kind,
        record_id=record_id,
        columns=columns,
        title=title,
        body=body_text(kind, data, markdown),
        tags=_strings(data.get("tags")),
        comps=[record_id] if kind == "component" else _strings(data.get("components")),
    )
    labels = data.get("labels")
    if isinstance(labels, dict):
        out.labels = [(str(k), _text(v)) for k, v in labels.items()]  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
    out.links = [(rel, str(data[rel])) for rel in _LINKS if isinstance(data.get(rel), str)]
    out.links += [(rel, t) for rel in _LIST_LINKS for t in _strings(data.get(rel))]
    out.commands = command_rows(record_id, data, zone)
    return out


def command_rows(task_id: str, data: dict[str, Any], zone: tzinfo) -> list[tuple[Any, ...]]:
    """One row per command, in schema.COMMAND_COLUMNS order.

    The hot loop of a rebuild (100,000 commands): the helpers are inlined for plain
    strings, the common case, and called only for anything else."""
    rows: list[tuple[Any, ...]] = []
    commands: Any = data.get("commands")
    if not isinstance(commands, list):
        return rows
    entry: Any
    for entry in cast("list[Any]", commands):
        if type(entry) is not dict:
            continue
        get: Any = cast("dict[str, Any]", entry).get
        cmd, output, at = get("cmd"), get("output"), get("at")
        exit_code, duration = get("exit"), get("duration")
        host, user, cwd, entry_id = get("host"), get("user"), get("cwd"), get("id")
        rows.append(
            (
                cmd if type(cmd) is str and not cmd.startswith("ENC[") else _free_text(cmd),
                output
                if type(output) is str and not output.startswith("ENC[")
                else _free_text(output),
                host if type(host) is str else _text(host),
                user if type(user) is str else _text(user),
                task_id,
                entry_id if type(entry_id) is str else _text(entry_id),
                at if type(at) is str else _text(at),
                epoch(at, zone),
                exit_code if type(exit_code) is int and -(2**63) <= exit_code < 2**63 else None,
                float(duration) if type(duration) in (int, float) else None,
                cwd if type(cwd) is str else _text(cwd),
            )
        )
    return rows


def components(data: dict[str, Any], path: str, zone: tzinfo) -> list[Extracted]:
    """inventory.yaml: one record per component, its id the full path."""
    found = data.get("components")
    if not isinstance(found, dict):
        return []
    out: list[Extracted] = []
    for name, value in found.items():  # pyright: ignore[reportUnknownVariableType]
        fields: dict[str, Any] = dict(value) if isinstance(value, dict) else {}  # pyright: ignore[reportUnknownArgumentType]
        out.append(extract("component", {"id": str(name), **fields}, path, zone))  # pyright: ignore[reportUnknownArgumentType]
    return out
