"""``time report``: totals per group, billable vs not, rounded per contract, priced.

The pipeline: clip to ``[since, until)`` → cut at local midnights → resolve one person's
overlaps → group → round → price. Rounding happens inside each report row (an invoice
line), per unit of (client, project, person) and, by the client's ``per``, per entry,
per local day or once for the row. Only chargeable time is rounded; raw time is reported
next to it, so nothing hides what the contract added.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import tzinfo
from decimal import Decimal
from typing import Any

from opsledger.model.errors import UsageError
from opsledger.timetrack.billing import Billing
from opsledger.timetrack.entries import Entry
from opsledger.timetrack.grouping import SPAN, Classes, grouped, per_row
from opsledger.timetrack.overlap import Policy
from opsledger.timetrack.pricing import Rules, Units, price
from opsledger.timetrack.settling import PieceStream, settled
from opsledger.timetrack.table import EntryTable

DIMENSIONS = ("client", "project", "component", "person", "task", "day", "week", "month")


@dataclass
class Row:
    keys: dict[str, str | None]
    seconds: int = 0
    billable_seconds: int = 0
    non_billable_seconds: int = 0
    billed_seconds: int = 0
    amounts: dict[str, Decimal] = field(default_factory=lambda: {})
    entries: set[tuple[str, str]] = field(default_factory=lambda: set[tuple[str, str]]())

    def add(self, other: Row) -> None:
        self.seconds += other.seconds
        self.billable_seconds += other.billable_seconds
        self.non_billable_seconds += other.non_billable_seconds
        self.billed_seconds += other.billed_seconds
        for currency, amount in other.amounts.items():
            self.amounts[currency] = self.amounts.get(currency, Decimal(0)) + amount
        self.entries |= other.entries


@dataclass
class Report:
    by: list[str]
    rows: list[Row]
    total: Row


def parse_by(text: str) -> list[str]:
    by = [part.strip() for part in text.split(",") if part.strip()]
    for dim in by:
        if dim not in DIMENSIONS:
            raise UsageError(f"--by {dim!r}: choose from {', '.join(DIMENSIONS)}")
    return by


def build_report(
    entries: Iterable[Entry],
    billing: Billing,
    zone: tzinfo,
    by: Sequence[str],
    *,
    since: int | None = None,
    until: int | None = None,
    overlap: Policy = "split",
) -> Report:
    table = EntryTable.of(entries)
    pieces = settled(table, range(len(table)), zone, since, until, overlap)
    return report_of(table, pieces, billing, by)


def report_of(t: EntryTable, pieces: PieceStream, billing: Billing, by: Sequence[str]) -> Report:
    """The report over the settled pieces of table rows (``settling.settled``)."""
    rules = Rules(billing)
    classes = Classes(t, by, rules.of)
    pers, values, dated = classes.per, classes.values, bool(classes.slots)
    index: dict[tuple[Any, ...], int] = {}  # row key → report row number
    rows: list[list[Any]] = []  # seconds, billable, not billable, as recorded, table rows
    units: list[Units] = []  # a group is one unit, or one per entry
    for packed, group in grouped(pieces, classes).items():
        c, when = divmod(packed, SPAN)
        key = classes.key(c, when) if dated and when else values[c]
        r = index.get(key)
        if r is None:
            r = index[key] = len(rows)
            rows.append([0, 0, 0, 0, []])
        row, per = rows[r], pers[c]
        seconds = sum(group[1])
        row[0] += seconds
        row[4] += group[0]
        if per is None:
            row[2] += seconds
            continue
        row[1] += seconds
        if not per:  # a client billing.yaml does not know: billed as recorded
            row[3] += seconds
        else:
            units.append((r, c, per_row(group) if per == "entry" else (seconds,)))
    billed, amounts = price(units, classes.person, rules, billing)
    tids = list(zip(t.task, t.id, strict=True))
    total = Row(dict.fromkeys(by, None))
    ordered: list[Row] = []
    for key, r in sorted(index.items(), key=lambda item: tuple(v or "" for v in item[0])):
        seconds, billable, non_billable, as_recorded, members = rows[r]
        row = Row(
            dict(zip(by, key, strict=True)),
            seconds,
            billable,
            non_billable,
            as_recorded + billed.get(r, 0),
            amounts.get(r, {}),
            set(map(tids.__getitem__, members)),
        )
        ordered.append(row)
        total.add(row)
    return Report(list(by), ordered, total)
