"""Windows against what links to them, called directly: the edges the CLI tests skip."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from opsledger.schedule.links import change_issues, task_issues
from opsledger.schedule.load import Loaded
from opsledger.schedule.runner import CheckInput, run_checks
from tests.schedule.helpers import window

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")


def test_links_to_unknown_windows_and_files_outside_the_fast_path_are_skipped() -> None:
    w = window("W-aaaaaaaa", start="2026-12-05T22:00:00+01:00", duration="1h")
    windows = {w.id: w}
    stray_task = ("tasks/T-1.yaml", {"id": "T-1", "window": "W-gone", "components": ["x"]})
    linked_task = ("tasks/T-2.yaml", {"id": "T-2", "window": w.id, "components": ["other"]})
    assert task_issues(windows, [stray_task], []) == []
    assert task_issues(windows, [linked_task], [], relevant={"tasks/T-9.yaml"}) == []
    assert [i.check for i in task_issues(windows, [linked_task], [])] == ["OL406"]

    stray_change = ("changes/CHG-1.md", {"id": "CHG-1", "window": "W-gone"})
    waiting = ("changes/CHG-2.md", {"id": "CHG-2", "window": w.id, "status": "scheduled"})
    garbled = ("changes/CHG-3.md", {"id": "CHG-3", "window": w.id, "started_at": "soon"})
    assert change_issues(windows, [stray_change, garbled], now=NOW) == []
    assert change_issues(windows, [waiting], relevant={"changes/CHG-9.md"}, now=NOW) == []
    assert change_issues(windows, [waiting], now=NOW) == []  # its window is still ahead
    later = datetime(2027, 1, 1, tzinfo=UTC)
    assert [i.windows for i in change_issues(windows, [waiting], now=later)] == [(w.id,)]


def test_a_window_of_an_unknown_team_is_reported_once() -> None:
    w = window("W-bbbbbbbb", start="2026-12-05T22:00:00+01:00", duration="1h", team="ghosts")
    source = CheckInput(Loaded([w], {}, {}), {"teams": {"sre": {}}}, [], BERLIN)
    found = run_checks(source, NOW, datetime(2027, 3, 1, tzinfo=UTC))
    assert [(i.check, i.message) for i in found] == [
        ("OL401", "unknown team 'ghosts' (not in people.yaml)")
    ]


def test_a_one_off_window_years_ahead_is_not_over() -> None:
    far = window("W-cccccccc", start="2032-06-01T22:00:00+02:00", duration="1h")
    waiting = ("changes/CHG-4.md", {"id": "CHG-4", "window": far.id, "status": "approved"})
    assert change_issues({far.id: far}, [waiting], now=NOW) == []
