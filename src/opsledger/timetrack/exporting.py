"""``time export --format csv``: one row per raw entry, for invoicing tools.

Columns (documented in docs/time.md): entry, task, title, who, client, project,
component, start, end, minutes, hours, billable, rate, currency, note. Times are the
entries' own timestamps; ``minutes``/``hours`` are the raw duration (rounding is a report
matter); ``end`` is derived for entries recorded as ``minutes``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from typing import Any

from opsledger.timetrack.billing import Billing
from opsledger.timetrack.entries import Entry

COLUMNS: tuple[str, ...] = (
    "entry",
    "task",
    "title",
    "who",
    "client",
    "project",
    "component",
    "start",
    "end",
    "minutes",
    "hours",
    "billable",
    "rate",
    "currency",
    "note",
)


def export_rows(
    entries: Sequence[Entry], titles: Mapping[str, str], billing: Billing, zone: tzinfo
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for e in entries:
        end = e.end_text or datetime.fromtimestamp(e.end, zone).isoformat()
        chargeable = billing.chargeable(e.client, e.project, e.billable)
        rate = billing.rate(e.client, e.project, e.who) if chargeable else None
        rows.append(
            {
                "entry": e.id,
                "task": e.task,
                "title": titles.get(e.task, ""),
                "who": e.who,
                "client": e.client or "",
                "project": e.project or "",
                "component": ",".join(e.components),
                "start": e.start_text,
                "end": end,
                "minutes": round(e.seconds / 60, 2),
                "hours": round(e.seconds / 3600, 4),
                "billable": "true" if chargeable else "false",
                "rate": "" if rate is None else f"{rate:.2f}",
                "currency": billing.currency(e.client) if chargeable else "",
                "note": e.note or "",
            }
        )
    return rows


def to_csv(rows: Sequence[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
