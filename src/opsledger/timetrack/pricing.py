"""Billing the chargeable time of a report: rounding per unit, then pricing by rate."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from opsledger.timetrack.billing import Billing
from opsledger.timetrack.rounding import RoundingRule, rule_of

# (row key, (client, project, person), scope): the time one rounding applies to; the
# scope is the entry, the local day or None (the whole row) by the client's ``per``.
Unit = tuple[tuple[Any, ...], tuple[str | None, str | None, str], Any]


class Rules:
    """Per client the rounding rule; per (client, project, billable) how time is billed."""

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

    def of(self, client: str | None, project: str | None, billable: bool) -> str | None:
        """None: not chargeable; "": billed as recorded; else the rule's ``per``."""
        if not self.billing.chargeable(client, project, billable):
            return None
        rule = self(client)
        return "" if rule is None else rule.per


def price(
    units: dict[Unit, int], rules: Rules, billing: Billing
) -> tuple[dict[tuple[Any, ...], int], dict[tuple[Any, ...], dict[str, Decimal]]]:
    """Billed seconds and amounts per row key. Many units share a length and a rate:
    each rounding and each price is computed once."""
    billed: dict[tuple[Any, ...], int] = defaultdict(int)
    amounts: dict[tuple[Any, ...], dict[str, Decimal]] = defaultdict(dict)
    rounded: dict[tuple[str | None, int], int] = {}
    prices: dict[tuple[tuple[str | None, str | None, str], int], tuple[str, Decimal] | None] = {}
    for (key, person, _), raw in units.items():
        client, project, who = person
        seconds = rounded.get((client, raw))
        if seconds is None:
            rule = rules(client)
            assert rule is not None
            seconds = rounded[(client, raw)] = rule.apply(raw)
        billed[key] += seconds
        if (person, seconds) not in prices:
            rate = billing.rate(client, project, who)
            prices[(person, seconds)] = (
                None if rate is None else (billing.currency(client), rate * seconds / 3600)
            )
        found = prices[(person, seconds)]
        if found is not None:
            mine = amounts[key]
            mine[found[0]] = mine.get(found[0], Decimal(0)) + found[1]
    return billed, amounts
