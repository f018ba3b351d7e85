"""Parsing windows: every problem is named with its key path; edge paths of the checks."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from opsledger.schedule.capacity import overloads, team_capacities
from opsledger.schedule.conflicts import expand_all
from opsledger.schedule.detect import Detector
from opsledger.schedule.refs import KnownComponents
from opsledger.schedule.spec import parse_window
from tests.schedule.helpers import ts, window

BASE: dict[str, Any] = {
    "id": "W-00000000",
    "title": "t",
    "components": ["a"],
    "start": "2026-01-01T00:00:00+01:00",
    "duration": "1h",
}


@pytest.mark.parametrize(
    ("fields", "keypath", "text"),
    [
        ({"kind": "party"}, ("kind",), "kind must be one of"),
        ({"priority": "urgent"}, ("priority",), "priority must be one of"),
        ({"start": "tomorrow"}, ("start",), "not a timestamp"),
        ({"start": None}, (), "missing required field 'start'"),
        ({"end": "2026-01-01T02:00:00+01:00"}, ("duration",), "either end or duration"),
        ({"duration": None}, ("start",), "needs an end or a duration"),
        ({"duration": "soon"}, ("duration",), "not a duration"),
        ({"count": 0, "recurrence": "FREQ=DAILY"}, ("count",), "at least 1"),
        ({"exclude": ["x"]}, ("exclude", 0), "not a timestamp"),
        ({"components": "a"}, ("components",), "list of non-empty strings"),
        ({"components": []}, ("components",), "needs components"),
        ({"components": [""]}, ("components",), "list of non-empty strings"),
        ({"engineers": -1}, ("engineers",), "whole number"),
        ({"recurrence": "FREQ=DAILY", "cron": "0 1 * * *"}, ("cron",), "not both"),
        ({"recurrence": "FREQ=DAILY;COUNT=3"}, ("recurrence",), "count field"),
        ({"recurrence": "FREQ=DAILY;UNTIL=20270101"}, ("recurrence",), "until field"),
        ({"recurrence": "DTSTART:20260101T000000\nFREQ=DAILY"}, ("recurrence",), "one RRULE"),
        ({"recurrence": " "}, ("recurrence",), "empty RRULE"),
        ({"cron": "0 1 * *"}, ("cron",), "expected 5 fields"),
        (
            {"cron": "0 1 * * *", "duration": None, "end": "2026-01-01T01:00:00+01:00"},
            ("cron",),
            "needs a duration",
        ),
        ({"until": "2026-02-01T00:00:00+01:00"}, ("until",), "recurring windows only"),
        ({"count": 3}, ("count",), "recurring windows only"),
    ],
)
def test_problems_name_the_key(fields: dict[str, Any], keypath: tuple[Any, ...], text: str) -> None:
    data = {k: v for k, v in {**BASE, **fields}.items() if v is not None}
    _, problems = parse_window(data, "windows/W-00000000.yaml")
    assert any(path == keypath and text in message for path, message in problems), problems


def test_known_components_and_character_classes() -> None:
    known = KnownComponents(["aws/eu/prod/db/pg-07", "aws/eu/prod/db/pg-08"])
    assert known("aws/eu/prod/db/pg-0[78]") and not known("aws/eu/prod/db/pg-0[9]")
    assert known("aws/eu") and not known("aws/e") and known("**/pg-08")
    spec, problems = parse_window(
        {**BASE, "components": ["b", "aws/*"]}, "w", known_components=known
    )
    assert spec is not None and [p[0] for p in problems] == [("components", 0)]


def test_capacity_ignores_odd_people_data_and_honours_relevance() -> None:
    assert team_capacities({"people": ["not", "a", "map"], "teams": {"x": None}}) == {"x": 0}
    one = window(
        "W-00000001",
        start="2026-03-07T22:00:00+01:00",
        duration="2h",
        team="t",
        engineers=2,
        components=["a"],
    )
    two = window(
        "W-00000002",
        start="2026-03-07T22:00:00+01:00",
        duration="2h",
        team="t",
        engineers=2,
        components=["b"],
    )
    other = window(
        "W-00000003",
        start="2026-03-08T09:00:00+01:00",
        duration="1h",
        team="t",
        engineers=9,
        components=["c"],
    )
    specs = [one, two, other]
    occs = expand_all(specs, ts("2026-03-01T00:00:00+01:00"), ts("2026-04-01T00:00:00+02:00"))
    assert [o.windows for o in overloads(specs, occs, {"t": 3}, {2})] == [(2,)]
    assert [o.windows for o in overloads(specs, occs, {"t": 3}, {0})] == [(0, 1)]
    since = datetime(2026, 3, 1, tzinfo=UTC)
    detector = Detector(
        specs, since, datetime(2026, 4, 1, tzinfo=UTC), ZoneInfo("UTC"), {"t": 3}, suggest=0
    )
    [issue] = detector.capacity_issues({0})
    # W-00000002 yields (same priority, larger id) but only W-00000001 changed: report there
    assert issue.move == "W-00000002" and issue.relpath == "windows/W-00000001.yaml"
    assert issue.next_free is None
