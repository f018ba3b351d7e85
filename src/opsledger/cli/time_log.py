from __future__ import annotations

from typing import Any

import click

from opsledger.cli.context import AppContext
from opsledger.cli.time_options import build_filter, emit, filter_options, format_option, hours

LOG_COLUMNS = ["id", "task", "who", "start", "end", "duration", "client", "project",
               "billable", "note"]  # fmt: skip


@click.command()
@filter_options
@format_option
@click.pass_obj
def log(app: AppContext, query: tuple[str, ...], fmt: str, as_json: bool, **options: Any) -> int:
    """List raw time entries (QUERY terms: client:C project:P who:W task:ID component:GLOB).

    Example: opsledger time log who:olivia --since 2026-11-01 --until 2026-12-01
    """
    from datetime import datetime

    ledger = app.ledger()
    entries = ledger.time.entries(build_filter(ledger, options), query)
    fmt = "json" if as_json else fmt
    zone = ledger.ws.zone
    rows = [
        {"id": e.id, "task": e.task, "who": e.who, "start": e.start_text,
         "end": e.end_text or datetime.fromtimestamp(e.end, zone).isoformat(),
         "duration": hours(e.seconds) if fmt in ("table", "md") else e.seconds,
         "client": e.client, "project": e.project, "component": ",".join(e.components),
         "billable": e.billable, "note": e.note}
        for e in entries
    ]  # fmt: skip
    emit(rows, LOG_COLUMNS if fmt != "json" else [*LOG_COLUMNS, "component"], fmt)
    return 0


@click.command()
@filter_options
@format_option
@click.pass_obj
def overlaps(
    app: AppContext, query: tuple[str, ...], fmt: str, as_json: bool, **options: Any
) -> int:
    """List entries of one person that overlap; exits 1 when there are any.

    Example: opsledger time overlaps --since 2026-11-01
    """
    ledger = app.ledger()
    found = ledger.time.overlaps(build_filter(ledger, options), query)
    fmt = "json" if as_json else fmt
    rows = [
        {"who": o.who, "first": f"{o.first.task}/{o.first.id}", "first_start": o.first.start_text,
         "second": f"{o.second.task}/{o.second.id}", "second_start": o.second.start_text,
         "overlap": hours(o.seconds) if fmt in ("table", "md") else o.seconds}
        for o in found
    ]  # fmt: skip
    emit(rows, ["who", "first", "first_start", "second", "second_start", "overlap"], fmt)
    return 1 if found else 0
