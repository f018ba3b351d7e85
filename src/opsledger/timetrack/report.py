"""``time report``: totals per group, billable vs not, rounded per contract, priced.

The pipeline: clip to ``[since, until)`` → cut at local midnights → resolve one person's
overlaps → group → round → price. Rounding happens inside each report row (an invoice
line), per unit of (client, project, person) and, by the client's ``per``, per entry,
per local day or once for the row. Only chargeable time is rounded; raw time is reported
next to it, so nothing hides what the contract added.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import tzinfo
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from opsledger.model.errors import UsageError
from opsledger.timetrack.billing import Billing
from opsledger.timetrack.days import DayCutter, period_label
from opsledger.timetrack.entries import Entry
from opsledger.timetrack.overlap import Piece, Policy, resolve
from opsledger.timetrack.rounding import RoundingRule, rule_of

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


def _key(piece: Piece, dim: str) -> str | None:
    entry = piece.entry
    if dim == "client":
        return entry.client
    if dim == "project":
        return entry.project
    if dim == "component":
        return ",".join(entry.components) or None
    if dim == "person":
        return entry.who
    if dim == "task":
        return entry.task
    return period_label(piece.day, dim)  # type: ignore[arg-type]


def _pieces(
    entries: Iterable[Entry], zone: tzinfo, since: int | None, until: int | None
) -> Iterator[Piece]:
    cut_days = DayCutter(zone)
    for entry in entries:
        lo = entry.start if since is None else max(entry.start, since)
        hi = entry.end if until is None else min(entry.end, until)
        if hi > lo:
            for start, end, day in cut_days(lo, hi):
                yield Piece(entry, start, end, day)


class _Rules:
    def __init__(self, billing: Billing) -> None:
        self.billing = billing
        self.cache: dict[str | None, RoundingRule | None] = {}

    def __call__(self, client: str | None) -> RoundingRule | None:
        if client not in self.cache:
            found = self.billing.client(client)
            self.cache[client] = (
                None
                if found is None
                else rule_of(
                    found.rounding.increment,
                    str(found.rounding.mode),
                    found.rounding.per,
                    found.rounding.minimum,
                )
            )
        return self.cache[client]


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
    rules = _Rules(billing)
    rows: dict[tuple[str | None, ...], Row] = {}
    units: dict[tuple[Any, ...], int] = defaultdict(int)
    for piece, seconds in resolve(_pieces(entries, zone, since, until), overlap):
        if not seconds:  # wholly given to an overlapping entry under "first"
            continue
        entry = piece.entry
        key = tuple(_key(piece, dim) for dim in by)
        row = rows.get(key)
        if row is None:
            row = rows[key] = Row(dict(zip(by, key, strict=True)))
        row.seconds += seconds
        row.entries.add((entry.task, entry.id))
        if not billing.chargeable(entry.client, entry.project, entry.billable):
            row.non_billable_seconds += seconds
            continue
        row.billable_seconds += seconds
        rule = rules(entry.client)
        if rule is None:  # a client billing.yaml does not know: billed as recorded
            row.billed_seconds += seconds
            continue
        scope = (
            (entry.task, entry.id)
            if rule.per == "entry"
            else piece.day
            if rule.per == "day"
            else None
        )
        units[(key, entry.client, entry.project, entry.who, scope)] += seconds
    for (key, client, project, who, _), raw in units.items():
        rule = rules(client)
        assert rule is not None
        billed = rule.apply(raw)
        row = rows[key]
        row.billed_seconds += billed
        rate = billing.rate(client, project, who)
        if rate is not None:
            currency = billing.currency(client)
            row.amounts[currency] = row.amounts.get(currency, Decimal(0)) + rate * billed / 3600
    total = Row(dict.fromkeys(by, None))
    ordered = [rows[k] for k in sorted(rows, key=lambda k: tuple(v or "" for v in k))]
    for row in ordered:
        row.amounts = {c: a.quantize(CENT, ROUND_HALF_UP) for c, a in row.amounts.items()}
        total.add(row)
    return Report(list(by), ordered, total)
