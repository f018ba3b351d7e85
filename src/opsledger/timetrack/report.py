"""``time report``: totals per group, billable vs not, rounded per contract, priced.

The pipeline: clip to ``[since, until)`` → cut at local midnights → resolve one person's
overlaps → group → round → price. Rounding happens inside each report row (an invoice
line), per unit of (client, project, person) and, by the client's ``per``, per entry,
per local day or once for the row. Only chargeable time is rounded; raw time is reported
next to it, so nothing hides what the contract added.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from opsledger.model.errors import UsageError
from opsledger.timetrack.billing import Billing
from opsledger.timetrack.days import period_label
from opsledger.timetrack.entries import Entry
from opsledger.timetrack.overlap import Policy
from opsledger.timetrack.pricing import Rules, Unit, price
from opsledger.timetrack.settling import Pieces, settled
from opsledger.timetrack.table import EntryTable

DIMENSIONS = ("client", "project", "component", "person", "task", "day", "week", "month")
CENT = Decimal("0.01")


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


class _Keys:
    """The row key of a piece: the entry's values of the dimensions, and its day's labels."""

    def __init__(self, t: EntryTable, by: Sequence[str]) -> None:
        columns: dict[str, Sequence[Any]] = {
            "client": t.client,
            "project": t.project,
            "person": t.who,
            "task": t.task,
            "component": [",".join(c) or None for c in t.components] if "component" in by else [],
        }
        self.by = by
        self.periods = [n for n, dim in enumerate(by) if dim in ("day", "week", "month")]
        # the entry's part of every key, built by zip at C speed (period slots None)
        self.of_entry: list[tuple[Any, ...]] = list(
            zip(*(columns.get(dim) or [None] * len(t) for dim in by), strict=True)
        ) if by else [()] * len(t)  # fmt: skip
        self.memo: dict[tuple[tuple[Any, ...], int], tuple[Any, ...]] = {}

    def with_day(self, base: tuple[Any, ...], day: int) -> tuple[Any, ...]:
        found = self.memo.get((base, day))
        if found is None:
            key = list(base)
            for n in self.periods:
                key[n] = period_label(date.fromordinal(day), self.by[n])
            found = self.memo[(base, day)] = tuple(key)
        return found


def report_of(t: EntryTable, pieces: Pieces, billing: Billing, by: Sequence[str]) -> Report:
    """The report over the settled pieces of table rows (``settling.settled``)."""
    rules = Rules(billing)
    keys = _Keys(t, by)
    entry_keys, dated = keys.of_entry, bool(keys.periods)
    tids = list(zip(t.task, t.id, strict=True))
    billed_as = {k: rules.of(*k) for k in set(zip(t.client, t.project, t.billable, strict=True))}
    pers = [billed_as[k] for k in zip(t.client, t.project, t.billable, strict=True)]
    people = list(zip(t.client, t.project, t.who, strict=True))
    rows: dict[tuple[Any, ...], list[Any]] = {}
    units: dict[Unit, int] = defaultdict(int)
    for i, day, seconds in pieces:
        if not seconds:  # wholly given to an overlapping entry under "first"
            continue
        key = keys.with_day(entry_keys[i], day) if dated else entry_keys[i]
        row = rows.get(key)
        if row is None:
            row = rows[key] = [0, 0, 0, 0, set()]
        row[0] += seconds
        row[4].add(tids[i])
        per = pers[i]
        if per is None:
            row[2] += seconds
            continue
        row[1] += seconds
        if not per:  # a client billing.yaml does not know: billed as recorded
            row[3] += seconds
            continue
        scope = tids[i] if per == "entry" else day if per == "day" else None
        units[(key, people[i], scope)] += seconds
    return _finish(by, rows, units, rules, billing)


def _finish(
    by: Sequence[str],
    rows: dict[tuple[Any, ...], list[Any]],
    units: dict[Unit, int],
    rules: Rules,
    billing: Billing,
) -> Report:
    """Round and price the units, and order the rows."""
    billed, amounts = price(units, rules, billing)
    total = Row(dict.fromkeys(by, None))
    ordered: list[Row] = []
    for key in sorted(rows, key=lambda k: tuple(v or "" for v in k)):
        seconds, billable, non_billable, as_recorded, entries = rows[key]
        money = {c: a.quantize(CENT, ROUND_HALF_UP) for c, a in amounts.get(key, {}).items()}
        row = Row(
            dict(zip(by, key, strict=True)),
            seconds,
            billable,
            non_billable,
            as_recorded + billed.get(key, 0),
            money,
            entries,
        )
        ordered.append(row)
        total.add(row)
    return Report(list(by), ordered, total)
