"""Human text for ``show`` of a task."""

from __future__ import annotations

from typing import Any, cast

_HEAD_FIELDS = (
    "type",
    "status",
    "priority",
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
    "created",
    "assigned_at",
    "started_at",
    "resolved_at",
    "resolution",
    "tags",
    "labels",
)


def _value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in cast("list[Any]", value))
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in cast("dict[str, Any]", value).items())
    return str(value)


def _entries(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, dict)]  # pyright: ignore[reportUnknownVariableType]


def render_task(data: dict[str, Any], related: dict[str, list[tuple[str, str, str]]]) -> str:
    lines = [f"{data.get('id')}  {data.get('title')}"]
    for key in _HEAD_FIELDS:
        if data.get(key) not in (None, [], {}, ""):
            lines.append(f"  {key + ':':<13} {_value(data[key])}")
    if data.get("sla"):
        lines.append(f"  {'sla:':<13} {_value(data['sla'])}")
    source = data.get("source")
    if isinstance(source, dict):
        source = cast("dict[str, Any]", source)
        lines.append(
            f"  {'source:':<13} {source.get('adapter')} x{source.get('occurrences', 1)}"
            f" ({source.get('state', 'firing')}, last {source.get('last_seen', '?')})"
        )
    if data.get("description"):
        lines += ["", *("  " + line for line in str(data["description"]).rstrip().splitlines())]
    for name, rows in related.items():
        if rows:
            lines += ["", f"{name.capitalize()}:"]
            lines += [f"  {rid}  {status:<11} {title}" for rid, status, title in rows]
    commands = _entries(data.get("commands"))
    if commands:
        lines += ["", f"Commands ({len(commands)}):"]
        for entry in commands:
            status = "?" if entry.get("exit") is None else entry.get("exit")
            where = f"{entry.get('user') or ''}@{entry.get('host')}" if entry.get("host") else ""
            lines.append(f"  {entry.get('at')}  [{status}] {where} $ {entry.get('cmd')}")
    entries = _entries(data.get("time"))
    if entries:
        lines += ["", f"Time ({len(entries)}):"]
        for entry in entries:
            span = (
                f"{entry.get('minutes')}m"
                if entry.get("minutes") is not None
                else f"→ {entry.get('end')}"
            )
            note = entry.get("note") or ""
            lines.append(f"  {entry.get('start')} {span}  {entry.get('who')}  {note}".rstrip())
    events = _entries(data.get("events"))
    if events:
        lines += ["", f"Events ({len(events)}):"]
        for event in events:
            detail = event.get("text") or (
                f"{event.get('from')} → {event.get('to')}" if event.get("kind") == "status" else ""
            )
            lines.append(
                f"  {event.get('at')}  {event.get('by')}  {event.get('kind')}  {detail}".rstrip()
            )
    return "\n".join(lines)


def render_runbook(data: dict[str, Any], related: dict[str, list[tuple[str, str, str]]]) -> str:
    """A runbook: its title and indexed front matter, what it names, then its Markdown."""
    lines = [f"{data.get('id')}  {data.get('title')}"]
    for key in ("components", "tags", "updated"):
        if data.get(key) not in (None, [], {}, ""):
            lines.append(f"  {key + ':':<13} {_value(data[key])}")
    for name, rows in related.items():
        if rows:
            lines += ["", f"{name.capitalize()}:"]
            lines += [f"  {rid}  {status:<11} {title}" for rid, status, title in rows]
    body = str(data.get("body") or "").strip("\n")
    return "\n".join([*lines, "", body] if body else lines)
