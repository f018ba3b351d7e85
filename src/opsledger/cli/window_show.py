from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from opsledger.cli.context import AppContext
from opsledger.cli.output import emit_record, emit_rows, format_options, pick_format

if TYPE_CHECKING:
    from opsledger.schedule.spec import WindowSpec

COLUMNS = ("id", "kind", "priority", "title", "start", "length", "repeats", "components", "team")


def window_row(window: WindowSpec) -> dict[str, Any]:
    from opsledger.model.durations import format_duration

    return {
        "id": window.id,
        "kind": window.kind,
        "priority": window.priority,
        "title": window.title,
        "start": window.data.get("start"),
        "length": format_duration(window.length),
        "repeats": window.recurrence or (f"cron {window.cron}" if window.cron else ""),
        "components": list(window.components),
        "team": window.team,
    }


@click.command("list")
@click.option(
    "--component", "components", multiple=True, help="Only windows touching this (repeatable)."
)
@click.option(
    "--kind", type=click.Choice(["maintenance", "freeze", "critical"]), help="Only this kind."
)
@format_options
@click.pass_obj
def list_(
    app: AppContext,
    components: tuple[str, ...],
    kind: str | None,
    fmt: str,
    as_json: bool,
    as_yaml: bool,
) -> int:
    """List windows, sorted by id.

    Example: opsledger window list --kind freeze --component 'aws/**'
    """
    windows = app.ledger().windows.list(list(components), kind)
    fmt = pick_format(fmt, as_json, as_yaml)
    if fmt in ("json", "yaml"):
        emit_rows([dict(w.data) for w in windows], COLUMNS, fmt)
    else:
        emit_rows([window_row(w) for w in windows], COLUMNS, fmt)
    return 0


@click.command()
@click.argument("window_id", metavar="ID")
@click.option(
    "--occurrences",
    "count",
    type=click.IntRange(min=0),
    default=5,
    show_default=True,
    help="How many upcoming occurrences to list.",
)
@format_options
@click.pass_obj
def show(
    app: AppContext, window_id: str, count: int, fmt: str, as_json: bool, as_yaml: bool
) -> int:
    """Show one window and its next occurrences; any unique id prefix works.

    Example: opsledger window show 7h2k --occurrences 10
    """
    from datetime import timedelta

    from opsledger.schedule.issue import span_text

    ledger = app.ledger()
    data = ledger.windows.data(window_id)
    now = ledger.ws.now()
    upcoming = ledger.windows.occurrences(window_id, now, now + timedelta(days=3660))[:count]

    def text() -> str:
        lines = [f"{data['id']}  {data.get('title', '')}"]
        skip = ("id", "title", "description")
        lines += [f"  {k}: {_plain(v)}" for k, v in data.items() if k not in skip]
        if upcoming:
            lines.append("  next:")
            lines += [f"    {span_text(s, e, ledger.ws.zone)}" for s, e in upcoming]
        if data.get("description"):
            lines += ["", str(data["description"]).rstrip()]
        return "\n".join(lines)

    emit_record(data, pick_format(fmt, as_json, as_yaml), text)
    return 0


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())  # pyright: ignore[reportUnknownVariableType]
    return str(value)
