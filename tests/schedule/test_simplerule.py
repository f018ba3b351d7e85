"""Daily and weekly rules expanded by hand give what dateutil gives."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from opsledger.schedule.expand import _compiled  # pyright: ignore[reportPrivateUsage]
from opsledger.schedule.simplerule import simple_rule

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@st.composite
def bodies(draw: st.DrawFn) -> tuple[str, bool]:
    """A rule body, and whether it lies in the subset expanded by hand."""
    freq = draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY"]))
    parts = [f"FREQ={freq}"]
    simple = True
    if freq == "MONTHLY":
        ordinal = st.sampled_from(["1", "2", "3", "4", "5", "-1", "-2", "-4", "-5"])
        days = draw(st.lists(st.tuples(ordinal, st.sampled_from(DAYS)), min_size=1, max_size=3))
        names = [n + d for n, d in days]
        if not draw(st.integers(0, 3)):  # a quarter of them: something dateutil must do
            names.append(draw(st.sampled_from(["SA", "6SA", "+1SA", "0SU"])))
            simple = False
        if draw(st.integers(0, 5)):
            parts.append("BYDAY=" + ",".join(names))
        else:
            simple = False  # the month day of DTSTART
    elif draw(st.booleans()):
        parts.append("BYDAY=" + ",".join(draw(st.lists(st.sampled_from(DAYS), min_size=1))))
    for key, top in (("BYHOUR", 23), ("BYMINUTE", 59), ("BYSECOND", 59)):
        if draw(st.booleans()):
            values = draw(st.lists(st.integers(0, top), min_size=1, max_size=3))
            parts.append(f"{key}={','.join(map(str, values))}")
    if not draw(st.integers(0, 3)):
        foreign = ["INTERVAL=2", "BYMONTH=3", "BYSETPOS=1", "BYMONTHDAY=1", "WKST=SU"]
        parts.append(draw(st.sampled_from(foreign)))
        simple = False
    order = draw(st.permutations(parts))
    return ";".join(order), simple


moments = st.datetimes(datetime(2025, 10, 1), datetime(2026, 4, 1))


@settings(max_examples=500, deadline=None)
@given(
    rule=bodies(),
    dtstart=moments,
    bound=st.sampled_from(["until", "count", None]),
    until_after=st.timedeltas(timedelta(0), timedelta(days=200)),
    count=st.integers(1, 25),
    lo=moments,
    span=st.timedeltas(timedelta(0), timedelta(days=200)),
)
@example(
    rule=("FREQ=WEEKLY", True),
    dtstart=datetime(2026, 3, 7, 22, 0, 30),
    bound="until",
    until_after=timedelta(days=14),
    count=1,
    lo=datetime(2026, 3, 1),
    span=timedelta(days=30),
)
@example(
    rule=("FREQ=MONTHLY;BYDAY=-1SU,1SA,5FR;BYHOUR=22", True),
    dtstart=datetime(2026, 1, 3, 22, 0),
    bound=None,
    until_after=timedelta(0),
    count=1,
    lo=datetime(2026, 1, 1),
    span=timedelta(days=200),
)
@example(
    rule=("FREQ=DAILY;BYDAY=SA,SU;BYHOUR=1,2", True),
    dtstart=datetime(2026, 3, 6, 22, 0),
    bound="count",
    until_after=timedelta(0),
    count=3,
    lo=datetime(2026, 3, 1),
    span=timedelta(days=30),
)
def test_hand_expansion_equals_dateutil(
    rule: tuple[str, bool],
    dtstart: datetime,
    bound: str | None,
    until_after: timedelta,
    count: int,
    lo: datetime,
    span: timedelta,
) -> None:
    body, expected_simple = rule
    dtstart = dtstart.replace(microsecond=0)
    until = dtstart + until_after if bound == "until" else None
    limit = count if bound == "count" else None
    parsed = simple_rule(body)
    assert (parsed is not None) == expected_simple
    if parsed is not None:
        got = parsed.starts(dtstart, until, limit, lo, lo + span)
        assert got == list(_compiled(body, dtstart, until, limit).between(lo, lo + span, inc=True))


def test_malformed_or_foreign_text_is_left_to_dateutil() -> None:
    for body in [
        "FREQ=DAILY;FREQ=DAILY",
        "FREQ=DAILY;BYHOUR",
        "FREQ=DAILY;BYHOUR=24",
        "FREQ=DAILY;BYMINUTE=-1",
        "FREQ=DAILY;BYDAY=sa",
        "freq=daily",
        "FREQ=MONTHLY",
        "FREQ=MONTHLY;BYDAY=SA",
        "FREQ=MONTHLY;BYDAY=1SA,SU",
        "FREQ=YEARLY",
    ]:
        assert simple_rule(body) is None, body
