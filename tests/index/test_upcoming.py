"""``status``'s next windows: kept occurrences answer as a fresh expansion would, at any
later (or earlier) moment, for RRULE and cron rules, exclusions, ends and DST."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from opsledger.index.schema import DDL
from opsledger.index.upcoming import AHEAD, next_windows

ZONE = ZoneInfo("Europe/Berlin")
RULES = {
    "W-weekly": {"start": "2026-03-07T01:00:00+01:00", "duration": "3h",
                 "recurrence": "FREQ=WEEKLY;BYDAY=SA", "timezone": "Europe/Berlin"},
    "W-cron": {"start": "2026-01-01T00:00:00+00:00", "duration": "90m",
               "cron": "30 2 * * 1-5", "timezone": "America/New_York"},
    "W-monthly": {"start": "2026-01-15T22:00:00+01:00", "end": "2026-01-16T02:00:00+01:00",
                  "recurrence": "FREQ=MONTHLY;BYMONTHDAY=15",
                  "exclude": ["2026-04-15T22:00:00+02:00"]},
    "W-few": {"start": "2026-03-20T10:00:00+01:00", "duration": "1h",
              "recurrence": "FREQ=DAILY", "count": 3},
    "W-until": {"start": "2026-03-01T09:00:00+01:00", "duration": "2h",
                "recurrence": "FREQ=WEEKLY", "until": "2026-05-01T00:00:00+02:00"},
    "W-broken": {"start": "not a time", "duration": "1h", "recurrence": "FREQ=DAILY"},
}  # fmt: skip


def _conn(rules: dict[str, dict[str, object]]) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.executescript(DDL)
    for n, (window_id, rule) in enumerate(rules.items()):
        text = json.dumps({**rule, "exclude": rule.get("exclude", [])}, sort_keys=True)
        conn.execute(
            "INSERT INTO records (rowid, id, kind, path, type, title, rule)"
            " VALUES (?, ?, 'window', ?, 'maintenance', ?, ?)",
            (n + 1, window_id, f"windows/{window_id}.yaml", window_id, text),
        )
    return conn


def _moments() -> list[datetime]:
    """Forwards through spring (DST starts 29 March) past every kept occurrence, then back."""
    start = datetime(2026, 3, 1, 0, 0, tzinfo=ZONE)
    forwards = [start + timedelta(hours=21 * n) for n in range(90)]
    return [*forwards, start + timedelta(days=3), start - timedelta(days=40)]


def test_kept_occurrences_answer_as_a_fresh_expansion(tmp_path: Path) -> None:
    conn = _conn(RULES)
    saved = tmp_path / "upcoming.marshal"
    for now in _moments():
        fresh = next_windows(conn, now, ZONE, 8)
        kept = next_windows(conn, now, ZONE, 8, saved)
        assert kept == fresh, now
        assert [(w.start.isoformat(), w.end.isoformat()) for w in kept] == [
            (w.start.isoformat(), w.end.isoformat()) for w in fresh
        ]
    assert saved.is_file()
    assert {w.id for w in next_windows(conn, _moments()[0], ZONE, 8, saved)} == {
        "W-weekly", "W-cron", "W-monthly", "W-few", "W-until"
    }  # fmt: skip


def test_the_kept_file_follows_the_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    saved = tmp_path / "upcoming.marshal"
    now = datetime(2026, 3, 2, 12, 0, tzinfo=ZONE)
    first = next_windows(_conn(RULES), now, ZONE, 8, saved)
    calls: list[str] = []
    import opsledger.index.upcoming as upcoming

    real = upcoming.next_spans
    monkeypatch.setattr(
        upcoming, "next_spans", lambda rule, *a: calls.append(str(rule)) or real(rule, *a)
    )
    assert next_windows(_conn(RULES), now + timedelta(hours=1), ZONE, 8, saved) == first
    assert calls == []  # all kept
    changed = {**RULES, "W-weekly": {**RULES["W-weekly"], "duration": "4h"}}
    again = next_windows(_conn(changed), now, ZONE, 8, saved)
    assert len(calls) == 1 and "4h" in calls[0]  # only the changed rule is expanded again
    weekly = next(w for w in again if w.id == "W-weekly")
    assert weekly.end - weekly.start == timedelta(hours=4)
    saved.write_bytes(b"damaged")
    assert next_windows(_conn(RULES), now, ZONE, 8, saved) == first
    other_zone = ZoneInfo("UTC")
    assert next_windows(_conn(RULES), now, other_zone, 8, saved) == next_windows(
        _conn(RULES), now, other_zone, 8
    )
    assert AHEAD > 1


def test_a_time_in_a_dst_gap_keeps_its_wall_clock(tmp_path: Path) -> None:
    """A daily 02:30 New York window on the day clocks skip 02:00-03:00 (RFC 5545 keeps
    the wall time) reads the same kept as expanded, and an older kept file is ignored."""
    rules = {"W-gap": {"start": "2026-03-01T02:30:00-05:00", "duration": "150m",
                       "recurrence": "FREQ=DAILY", "timezone": "America/New_York"}}  # fmt: skip
    conn = _conn(rules)
    saved = tmp_path / "upcoming.marshal"
    import marshal

    saved.write_bytes(marshal.dumps(("Europe/Berlin", {"x": (0.0, [(1.0, 2.0)])})))
    now = datetime(2026, 3, 8, 1, 0, tzinfo=ZoneInfo("America/New_York"))
    fresh = next_windows(conn, now, ZONE, 1)
    kept = [next_windows(conn, now, ZONE, 1, saved) for _ in range(2)]
    assert kept[0] == kept[1] == fresh
    window = fresh[0]
    assert (window.start.hour, window.start.minute) == (2, 30)
    assert window.end - window.start == timedelta(minutes=150)
