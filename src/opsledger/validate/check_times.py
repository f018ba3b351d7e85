"""OL111 timestamp-order: a record's lifecycle timestamps do not run backwards.

Windows (end after start) are the schedule feature's OL4xx; time entries (end after
start, overlaps, locked periods) the timetrack feature's OL501, OL504, OL505."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from opsledger.store.checking import CheckContext, Finding
from opsledger.validate.context import ValidationContext
from opsledger.validate.values import moment, text

# (earlier field, later field) pairs per kind that must not run backwards
ORDER = {
    "task": (
        ("created", "assigned_at"),
        ("created", "started_at"),
        ("started_at", "resolved_at"),
        ("created", "resolved_at"),
    ),
    "change": (("created", "started_at"), ("started_at", "completed_at")),
}


def timestamp_order(ctx: CheckContext) -> Iterator[Finding]:
    assert isinstance(ctx, ValidationContext)
    for kind, pairs in ORDER.items():
        for f in ctx.of_kind(kind):
            if not ctx.wanted(f.relpath):
                continue
            reported: set[str] = set()
            moments: dict[str, datetime | None] = {}
            for early, late in pairs:
                for name in (early, late):
                    if name not in moments:
                        moments[name] = moment(f.data, name)
                first, second = moments[early], moments[late]
                if first is None or second is None or late in reported:
                    continue
                if second < first:
                    reported.add(late)
                    message = f"{late} {text(f.data, late)} is before {early} {text(f.data, early)}"
                    yield ctx.finding("OL111", f.relpath, [late], message, f"fix {late} or {early}")
