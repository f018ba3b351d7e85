"""Report totals equal a brute-force, minute-by-minute count over the raw entries."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal
from fractions import Fraction
from math import floor
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from opsledger.model.policies import BillingFile
from opsledger.timetrack.billing import Billing
from opsledger.timetrack.days import period_label
from opsledger.timetrack.entries import Entry
from opsledger.timetrack.overlap import find_overlaps
from opsledger.timetrack.policy import BillingPolicy
from opsledger.timetrack.report import DIMENSIONS, build_report
from opsledger.timetrack.rounding import rule_of

ZONE = ZoneInfo("Europe/Berlin")
# Saturday evening before the spring DST change: the days around it are 24, 23, 24 h long.
BASE = int(datetime(2026, 3, 28, 18, 0, tzinfo=ZONE).timestamp())
CLIENTS = [None, "acme", "globex", "ghost"]  # ghost: not in billing.yaml
PROJECTS = {
    None: [None],
    "acme": [None, "OPS", "K8S"],
    "globex": [None, "RUN", "FREE"],
    "ghost": [None],
}


def _billing(increment: str, mode: str, per: str, minimum: str | None) -> Billing:
    rounding: dict[str, Any] = {"increment": increment, "mode": mode, "per": per}
    if minimum:
        rounding["minimum"] = minimum
    data = {
        "clients": {
            "acme": {
                "projects": {"OPS": {}, "K8S": {"rates": {"default": 150}}},
                "rates": {"default": 120, "ana": 140},
                "rounding": rounding,
            },
            "globex": {
                "currency": "USD",
                "projects": {"RUN": {}, "FREE": {"billable": False}},
                "rates": {"default": 99.5},
                "rounding": {**rounding, "per": "day"},
            },
        }
    }
    policy = BillingPolicy.of(BillingFile.model_validate(data).model_dump(mode="json"))
    return Billing(policy, {"ana": ["dba"], "bo": []})


@st.composite
def entries(draw: st.DrawFn) -> list[Entry]:
    count = draw(st.integers(1, 12))
    found: list[Entry] = []
    for n in range(count):
        start = BASE + 60 * draw(st.integers(0, 3 * 24 * 60))
        end = start + 60 * draw(st.integers(1, 16 * 60))
        client = draw(st.sampled_from(CLIENTS))
        found.append(
            Entry(
                task=draw(st.sampled_from(["T-aaaaaaaa", "T-bbbbbbbb"])),
                id=f"e{n:05d}",
                start=start,
                end=end,
                who=draw(st.sampled_from(["ana", "bo"])),
                client=client,
                project=draw(st.sampled_from(PROJECTS[client])),
                components=(draw(st.sampled_from(["prod/db/pg-1", "prod/web/w1", "lab/x"])),),
                billable=draw(st.booleans()),
                note=None,
                start_text="",
                end_text=None,
                minutes=None,
            )
        )
    return found


def _brute(items: list[Entry], billing: Billing, by: list[str]) -> dict[tuple[Any, ...], Any]:
    """Minute by minute: who worked, on which entry ('first' policy), on which local day."""
    rows: dict[tuple[Any, ...], list[Any]] = defaultdict(lambda: [0, 0, 0, defaultdict(Fraction)])
    units: dict[tuple[Any, ...], int] = defaultdict(int)
    for who in {e.who for e in items}:
        mine = [e for e in items if e.who == who]
        for minute in range(min(e.start for e in mine), max(e.end for e in mine), 60):
            active = [e for e in mine if e.start <= minute < e.end]
            if not active:
                continue
            entry = min(active, key=lambda e: (e.start, e.task, e.id))
            day = datetime.fromtimestamp(minute, UTC).astimezone(ZONE).date()
            values = {
                "client": entry.client,
                "project": entry.project,
                "person": entry.who,
                "component": entry.components[0],
                "task": entry.task,
            }
            key = tuple(
                values.get(d) or (period_label(day, d) if d in ("day", "week", "month") else None)
                for d in by
            )
            row = rows[key]
            row[0] += 60
            if not billing.chargeable(entry.client, entry.project, entry.billable):
                row[2] += 60
                continue
            row[1] += 60
            spec = billing.client(entry.client)
            if spec is None:
                row[3]["billed"] += 60
                continue
            per = spec.rounding.per
            scope = (entry.task, entry.id) if per == "entry" else day if per == "day" else None
            units[(key, entry.client, entry.project, entry.who, scope)] += 60
    for (key, client, project, who, _), raw in units.items():
        spec = billing.client(client)
        assert spec is not None
        r = spec.rounding
        billed = rule_of(r.increment, str(r.mode), r.per, r.minimum).apply(raw)
        rows[key][3]["billed"] += billed
        rate = billing.rate(client, project, who)
        if rate is not None:
            rows[key][3][billing.currency(client)] += Fraction(rate) * billed / 3600
    return rows


@settings(max_examples=80, deadline=None)
@given(
    items=entries(),
    by=st.lists(st.sampled_from(DIMENSIONS), max_size=3, unique=True),
    increment=st.sampled_from(["1m", "6m", "15m", "1h"]),
    mode=st.sampled_from(["up", "nearest", "down"]),
    per=st.sampled_from(["entry", "day", "report"]),
    minimum=st.sampled_from([None, "15m"]),
)
def test_totals_match_brute_force(
    items: list[Entry], by: list[str], increment: str, mode: str, per: str, minimum: str | None
) -> None:
    billing = _billing(increment, mode, per, minimum)
    report = build_report(items, billing, ZONE, by, overlap="first")
    expected = _brute(items, billing, by)
    assert {tuple(r.keys[d] for d in by) for r in report.rows} == set(expected)
    for row in report.rows:
        raw, billable, non_billable, money = expected[tuple(row.keys[d] for d in by)]
        assert (row.seconds, row.billable_seconds, row.non_billable_seconds) == (
            raw,
            billable,
            non_billable,
        )
        assert row.billed_seconds == money.pop("billed", 0)
        assert row.amounts == {c: _cents(a) for c, a in money.items()}
    assert report.total.seconds == sum(r.seconds for r in report.rows)


def _cents(exact: Fraction) -> Decimal:
    """Half up to the cent, from the exact amount."""
    return (Decimal(floor(exact * 100 + Fraction(1, 2))) / 100).quantize(Decimal("0.01"))


def test_an_amount_is_exact_where_prices_per_minute_repeat() -> None:
    """120.50 an hour is 2.00833… a minute: three one-minute entries are 6.025, 6.03 to
    the cent. Summing the minutes' prices in Decimal gave 6.0249…, 6.02."""
    data = {
        "clients": {
            "acme": {
                "rates": {"default": "120.50"},
                "rounding": {"increment": "1m", "mode": "up", "per": "entry"},
            }
        }
    }
    billing = Billing(
        BillingPolicy.of(BillingFile.model_validate(data).model_dump(mode="json")), {}
    )
    minute = {"task": "T-aaaaaaaa", "who": "ana", "client": "acme", "project": None}
    extra = {"components": (), "billable": True, "note": None, "start_text": ""}
    rest = {"end_text": None, "minutes": None}
    items = [
        Entry(id=f"e{k}", start=BASE + 600 * k, end=BASE + 600 * k + 60, **minute, **extra, **rest)
        for k in range(3)
    ]
    report = build_report(items, billing, ZONE, ["client"])
    assert report.rows[0].amounts == {"EUR": Decimal("6.03")}
    assert report.rows[0].billed_seconds == 180


def _union(items: list[Entry]) -> int:
    minutes = {m for e in items for m in range(e.start, e.end, 60)}
    return 60 * len(minutes)


@settings(max_examples=80, deadline=None)
@given(items=entries(), by=st.lists(st.sampled_from(DIMENSIONS), max_size=2, unique=True))
def test_split_never_counts_time_twice(items: list[Entry], by: list[str]) -> None:
    report = build_report(items, _billing("1m", "up", "report", None), ZONE, by, overlap="split")
    for who in {e.who for e in items}:
        mine = build_report(
            [e for e in items if e.who == who],
            _billing("1m", "up", "report", None),
            ZONE,
            by,
            overlap="split",
        )
        assert mine.total.seconds == _union([e for e in items if e.who == who])
    assert report.total.seconds == sum(
        _union([e for e in items if e.who == w]) for w in {e.who for e in items}
    )
    assert all(o.seconds > 0 for o in find_overlaps(items))
