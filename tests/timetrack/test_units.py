"""Local days across DST, overlap resolution, rounding rules."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from opsledger.model.errors import Conflict
from opsledger.timetrack.days import cut_days, period_label
from opsledger.timetrack.entries import Entry
from opsledger.timetrack.overlap import Piece, find_overlaps, resolve
from opsledger.timetrack.rounding import rule_of

BERLIN = ZoneInfo("Europe/Berlin")


def _at(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=BERLIN).timestamp())


def _entry(eid: str, start: str, end: str, who: str = "ana") -> Entry:
    return Entry(
        "T-aaaaaaaa", eid, _at(start), _at(end), who, None, None, (), True, None, start, end, None
    )


def test_a_night_across_the_autumn_dst_change_is_cut_at_local_midnights() -> None:
    # 2026-10-25 has 25 hours in Berlin
    pieces = cut_days(_at("2026-10-24T22:00"), _at("2026-10-26T01:00"), BERLIN)
    assert [(d.isoformat(), (hi - lo) // 3600) for lo, hi, d in pieces] == [
        ("2026-10-24", 2),
        ("2026-10-25", 25),
        ("2026-10-26", 1),
    ]
    spring = cut_days(_at("2026-03-29T00:00"), _at("2026-03-30T00:00"), BERLIN)
    assert [(hi - lo) // 3600 for lo, hi, _ in spring] == [23]


def test_period_labels() -> None:
    assert period_label(date(2026, 12, 31), "week") == "2026-W53"
    assert period_label(date(2026, 12, 31), "month") == "2026-12"
    assert period_label(date(2026, 12, 31), "day") == "2026-12-31"


def _pieces(*entries: Entry) -> list[Piece]:
    return [Piece(e, e.start, e.end, date(2026, 11, 20)) for e in entries]


def test_split_first_and_error() -> None:
    a = _entry("aaaaaa", "2026-11-20T09:00", "2026-11-20T10:00")
    b = _entry("bbbbbb", "2026-11-20T09:30", "2026-11-20T11:00")
    c = _entry("cccccc", "2026-11-20T09:00", "2026-11-20T10:00", who="bo")
    split = {p.entry.id: s for p, s in resolve(_pieces(a, b, c), "split")}
    assert split == {"aaaaaa": 45 * 60, "bbbbbb": 75 * 60, "cccccc": 3600}
    first = {p.entry.id: s for p, s in resolve(_pieces(a, b, c), "first")}
    assert first == {"aaaaaa": 3600, "bbbbbb": 3600, "cccccc": 3600}
    with pytest.raises(Conflict, match="overlap by 30m"):
        resolve(_pieces(a, b), "error")
    [overlap] = find_overlaps([a, b, c])
    assert (overlap.who, overlap.first.id, overlap.second.id, overlap.seconds) == (
        "ana",
        "aaaaaa",
        "bbbbbb",
        1800,
    )


def test_split_of_odd_seconds_is_exact() -> None:
    a = Entry("T-aaaaaaaa", "aaaaaa", 0, 7, "ana", None, None, (), True, None, "", None, None)
    b = Entry("T-aaaaaaaa", "bbbbbb", 0, 7, "ana", None, None, (), True, None, "", None, None)
    c = Entry("T-aaaaaaaa", "cccccc", 0, 7, "ana", None, None, (), True, None, "", None, None)
    shares = sorted(s for _, s in resolve(_pieces(a, b, c), "split"))
    assert shares == [2, 2, 3]


@pytest.mark.parametrize(
    ("rule", "seconds", "expected"),
    [
        (("15m", "up", "entry", "15m"), 60, 900),
        (("15m", "up", "entry", None), 901, 1800),
        (("15m", "nearest", "entry", None), 449, 0),
        (("15m", "nearest", "entry", None), 450, 900),
        (("15m", "down", "entry", None), 1799, 900),
        (("15m", "down", "entry", "30m"), 60, 1800),
        (("6m", "up", "day", "15m"), 0, 0),
    ],
)
def test_rounding(rule: tuple[str, str, str, str | None], seconds: int, expected: int) -> None:
    assert rule_of(*rule).apply(seconds) == expected
