"""Billing the chargeable time of a report: rounding per unit, then pricing by rate.

Amounts are exact: a row's price is the sum of ``rate × billed seconds`` over its
people, divided by 3600 once and rounded to the cent. Summing per-entry prices in
``Decimal`` lost a cent where repeating decimals (120.50 an hour is 2.00833… a minute)
met at a half cent.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from opsledger.timetrack.billing import Billing
from opsledger.timetrack.grouping import Person
from opsledger.timetrack.rounding import RoundingRule, rule_of

# (report row, class of entries, raw seconds of each rounding unit of the class in the
# row); a unit is one entry, one local day or the whole row, by the client's ``per``.
Units = tuple[int, int, Sequence[int]]
CENT = Decimal("0.01")
ZERO = Decimal(0)


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
    units: Iterable[Units], persons: Sequence[Person], rules: Rules, billing: Billing
) -> tuple[dict[int, int], dict[int, dict[str, Decimal]]]:
    """Billed seconds and amounts (to the cent) per report row. Units of one person
    share the rule, currency and rate, and many share a length: each is found once."""
    terms: dict[Person, tuple[dict[int, int], RoundingRule, str, Decimal | None]] = {}
    rounded: dict[str | None, dict[int, int]] = defaultdict(dict)  # per client
    billed: dict[int, int] = defaultdict(int)
    # rate × seconds, exact in Decimal (a rate has few digits), divided by 3600 once
    hourly: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for r, c, raws in units:
        person = persons[c]
        found = terms.get(person)
        if found is None:
            client, project, who = person
            rule = rules(client)
            assert rule is not None
            rate = billing.rate(client, project, who)
            found = terms[person] = (rounded[client], rule, billing.currency(client), rate)
        memo, rule, currency, rate = found
        seconds = 0
        for raw, count in Counter(raws).items() if len(raws) > 1 else ((raws[0], 1),):
            one = memo.get(raw)
            if one is None:
                one = memo[raw] = rule.apply(raw)
            seconds += one * count
        billed[r] += seconds
        if rate is not None:
            mine = hourly[r]
            mine[currency] = mine.get(currency, ZERO) + rate * seconds
    return billed, {r: {c: cents(a) for c, a in found.items()} for r, found in hourly.items()}


def cents(rate_seconds: Decimal) -> Decimal:
    """An amount to the cent from rate × seconds. A half cent can only be an exact
    quotient, which ``Decimal`` divides exactly, so it rounds up as ``ROUND_HALF_UP``
    says; a repeating quotient is never at the half."""
    return (rate_seconds / 3600).quantize(CENT, ROUND_HALF_UP)
