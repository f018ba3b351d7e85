"""The fast path's pre-filter: the findings about changed windows, built from only the
windows that can interact with them, equal those built from every window."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsledger.schedule import load
from opsledger.schedule.detect import SUGGEST_LIMIT
from opsledger.schedule.involved import Involved, Links, findings
from opsledger.schedule.issue import Issue
from opsledger.schedule.load import build
from opsledger.schedule.runner import CheckInput, run_checks
from tests.cli.conftest import Runner, ledger_dir, run  # noqa: F401  (fixtures shared with tests/cli)
from tests.schedule.test_conflicts import REFS

BERLIN = ZoneInfo("Europe/Berlin")
SINCE = datetime(2026, 3, 1, tzinfo=BERLIN)
UNTIL = SINCE + timedelta(days=90)
ZONES = ["Europe/Berlin", "UTC", "America/New_York"]
RULES = [None, None, "FREQ=DAILY", "FREQ=WEEKLY;BYDAY=SA,SU", "FREQ=MONTHLY;BYDAY=-1SU", "cron"]
PEOPLE = {
    "people": {"ann": {"teams": ["dba"]}, "bob": {"teams": ["dba", "sre"]}},
    "teams": {"sre": {"capacity": 3}},
}
KNOWN = ["aws/eu/prod/db/pg-07", "aws/eu/prod/web/fe-1", "gcp/eu/prod/db/pg-01"]


def _stamp(day: int, hour: int, zone: str) -> str:
    moment = (SINCE + timedelta(days=day)).astimezone(ZoneInfo(zone))
    return moment.replace(hour=hour, minute=0).isoformat()


@st.composite
def raw_window(draw: st.DrawFn, index: int) -> dict[str, Any]:
    """A window file's data, as often near the horizon's edges as inside it, and now and
    then a duplicate id or a field that leaves it without a spec."""
    zone = draw(st.sampled_from(ZONES))
    day = draw(st.integers(-40, 150))
    hour = draw(st.sampled_from([0, 1, 2, 22, 23]))
    duplicate = index > 0 and draw(st.integers(0, 9)) == 0
    data: dict[str, Any] = {
        "id": f"W-{(index - 1 if duplicate else index):08d}",
        "kind": draw(st.sampled_from(["maintenance"] * 4 + ["freeze", "critical"])),
        "priority": draw(st.sampled_from(["low", "medium", "high", "critical", "urgent"])),
        "start": _stamp(day, hour, zone),
        "timezone": zone,
        "components": draw(st.lists(st.sampled_from(REFS), min_size=1, max_size=3, unique=True)),
    }
    if draw(st.booleans()):
        data["end"] = _stamp(day + draw(st.integers(0, 1)), (hour + 3) % 24, zone)
    else:
        data["duration"] = draw(st.sampled_from(["30m", "2h", "1d", "20d"]))
    rule = draw(st.sampled_from(RULES))
    if rule == "cron":
        data["cron"] = f"0 {hour} * * {draw(st.sampled_from(['6', '1-5', '*']))}"
    elif rule is not None:
        data["recurrence"] = rule
    if rule is not None and draw(st.booleans()):
        data["until"] = _stamp(day + draw(st.integers(0, 60)), hour, zone)
    if rule is not None and draw(st.booleans()):
        data["count"] = draw(st.integers(1, 12))
    team = draw(st.sampled_from([None, None, "dba", "sre", "ghosts"]))
    if team is not None:
        data["team"] = team
        engineers = draw(st.sampled_from([None, 0, 1, 2, 3]))
        if engineers is not None:
            data["engineers"] = engineers
    if draw(st.integers(0, 3)) == 0:
        data["tasks"] = draw(st.lists(st.sampled_from(["T-00000001", "T-00000002"]), max_size=2))
    if draw(st.integers(0, 3)) == 0:
        data["change"] = draw(st.sampled_from(["CHG-00000001", "CHG-00000002"]))
    broken = draw(st.integers(0, 19))
    if broken == 0:
        del data["start"]
    elif broken == 1:
        data["duration"] = "soon"
    return data


@st.composite
def records(draw: st.DrawFn, kind: str, count: int) -> list[tuple[str, dict[str, Any]]]:
    """Tasks or changes, linked to some window by id (or not)."""
    out: list[tuple[str, dict[str, Any]]] = []
    prefix = "T" if kind == "task" else "CHG"
    for index in range(1, draw(st.integers(0, 2)) + 1):
        data: dict[str, Any] = {"id": f"{prefix}-{index:08d}"}
        linked = draw(st.one_of(st.none(), st.integers(0, count - 1)))
        if linked is not None:
            data["window"] = f"W-{linked:08d}"
        if kind == "task":
            data["components"] = draw(st.lists(st.sampled_from(REFS), max_size=2))
        else:
            data["status"] = draw(st.sampled_from(["approved", "completed"]))
            data["started_at"] = _stamp(draw(st.integers(-20, 90)), 23, "UTC")
        out.append((f"{kind}s/{data['id']}.yaml", data))
    return out


@st.composite
def ledgers(draw: st.DrawFn) -> tuple[list[tuple[str, Any]], list[Any], list[Any], set[str]]:
    count = draw(st.integers(2, 14))
    windows: list[tuple[str, Any]] = [
        (f"windows/{i:02d}.yaml", draw(raw_window(i))) for i in range(count)
    ]
    if draw(st.integers(0, 9)) == 0:
        windows.append(("windows/list.yaml", ["not", "a", "mapping"]))
    tasks, changes = draw(records("task", count)), draw(records("change", count))
    paths = [relpath for relpath, _ in windows]
    targets = set(draw(st.lists(st.sampled_from(paths), min_size=1, max_size=3)))
    others = [relpath for relpath, _ in tasks + changes]
    targets |= set(draw(st.lists(st.sampled_from(others), max_size=2))) if others else set()
    return windows, tasks, changes, targets


def _checker(
    windows: list[tuple[str, Any]], tasks: list[Any], changes: list[Any], targets: set[str]
) -> Any:
    def check(chosen: set[str] | None, suggest: int = SUGGEST_LIMIT) -> list[Issue]:
        items = [(p, data, "") for p, data in windows if chosen is None or p in chosen]
        source = CheckInput(
            loaded=build(items, "UTC", KNOWN),
            people=PEOPLE,
            known=KNOWN,
            zone=BERLIN,
            tasks=tasks,
            changes=changes,
            targets=targets,
        )
        return run_checks(source, SINCE, UNTIL, suggest=suggest)

    return check


@settings(max_examples=400, deadline=None)
@given(ledger=ledgers())
def test_the_findings_about_changed_windows_need_only_the_windows_kept(
    ledger: tuple[list[tuple[str, Any]], list[Any], list[Any], set[str]],
) -> None:
    windows, tasks, changes, targets = ledger
    check = _checker(windows, tasks, changes, targets)
    records = [data for _, data in tasks + changes]
    links = Links(
        windows={str(r.get("window")) for r in records},
        tasks={str(r["id"]) for _, r in tasks},
        changes={str(r["id"]) for _, r in changes},
    )
    kept = findings(Involved(windows), targets, SINCE, UNTIL, links, check)
    assert kept == check(None)


def _file(id_: str, day: int, components: list[str], **fields: Any) -> tuple[str, dict[str, Any]]:
    data = {"id": id_, "start": _stamp(day, 22, "UTC"), "duration": "2h", **fields}
    return f"windows/{id_}.yaml", {**data, "components": components}


def test_only_windows_that_can_interact_are_kept() -> None:
    """Components meet through globs and hierarchy; a team counts at the same time only;
    a window kept (linked, changed) is kept with every file of its id: the last wins."""
    ledger = Involved(
        [
            _file("W-changed", 10, ["aws/eu/prod/db"], team="dba"),
            _file("W-below", 10, ["aws/eu/prod/db/pg-07"]),
            _file("W-glob", 10, ["*/*/prod/db/*"], kind="freeze"),
            _file("W-beside", 10, ["aws/eu/prod/dbx"]),
            _file("W-team", 10, ["gcp/eu"], team="dba"),
            _file("W-team-later", 30, ["gcp/eu"], team="dba"),
            _file("W-later", 30, ["aws/eu/prod/db"]),
            _file("W-linked", 80, ["gcp/us"]),
            ("windows/W-linked-copy.yaml", {"id": "W-linked"}),
            ("windows/W-changed-copy.yaml", {**_file("W-changed", 80, ["gcp/us"])[1]}),
        ]
    )
    links = Links(windows={"W-linked"}, tasks=(), changes=())
    around = ledger.around({"windows/W-changed.yaml"}, SINCE, UNTIL, links)
    assert {p.split("/")[1][:-5] for p in around} == {
        "W-changed",
        "W-below",
        "W-glob",
        "W-team",
        "W-linked",
        "W-linked-copy",
        "W-changed-copy",
    }
    # The free slot of W-below is searched for over the next 60 days: W-later blocks it.
    moving = ledger.moving([("W-below", SINCE + timedelta(days=10))])
    assert "windows/W-later.yaml" in moving and "windows/W-team-later.yaml" not in moving


def test_a_changed_window_outside_the_horizon_needs_no_neighbours() -> None:
    ledger = Involved([_file("W-changed", 120, ["**"]), _file("W-other", 120, ["**"])])
    assert ledger.around({"windows/W-changed.yaml"}, SINCE, UNTIL, Links((), (), ())) == {
        "windows/W-changed.yaml"
    }


NOW = "2026-11-21T12:00:00+01:00"


def _write(repo: Path, id_: str, start: str, length: str, component: str, **more: str) -> None:
    fields = "".join(f"{key}: {value}\n" for key, value in more.items())
    (repo / f"windows/{id_}.yaml").write_text(
        f"id: {id_}\ntitle: {id_}\nkind: maintenance\nstart: {start}\nduration: {length}\n"
        f'components: ["{component}"]\nowner: olivia\n{fields}',
        encoding="utf-8",
    )


def test_validate_of_a_changed_window_builds_only_its_neighbours(
    ledger_dir: Path,  # noqa: F811
    run: Runner,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The window to move (b) gets the free slot after c, which it shares pg-08 with but
    the changed window (a) does not; d, elsewhere, is never built; the findings are the
    whole-ledger run's."""
    (ledger_dir / "windows").mkdir(exist_ok=True)
    db = "aws/eu-west-1/prod/db"
    _write(ledger_dir, "W-aaaaaaaa", "2026-12-05T22:00:00+01:00", "2h", f"{db}/pg-07")
    _write(ledger_dir, "W-bbbbbbbb", "2026-12-05T23:00:00+01:00", "1h", f"{db}/**", priority="low")
    _write(ledger_dir, "W-cccccccc", "2026-12-06T00:00:00+01:00", "3h", f"{db}/pg-08")
    _write(ledger_dir, "W-dddddddd", "2026-12-05T22:00:00+01:00", "2h", "onprem/dc1/net")
    built: list[str] = []
    real = load.build

    def spy(items: Iterable[tuple[str, Any, str]], zone: str, known: Any = None) -> load.Loaded:
        items = list(items)
        built.extend(relpath.split("/")[-1][:-5] for relpath, _, _ in items)
        return real(items, zone, known)

    monkeypatch.setattr(load, "build", spy)
    fast = run("--now", NOW, "validate", "windows/W-aaaaaaaa.yaml")
    assert sorted(built) == ["W-aaaaaaaa", "W-bbbbbbbb", "W-cccccccc"]
    assert "[OL402]" in fast.out and "next free slot 2026-12-06 03:00" in fast.out
    whole = run("--now", NOW, "validate")
    finding = fast.out.splitlines()[0].split(": error: ")[1]
    assert f"windows/W-bbbbbbbb.yaml:4:8: error: {finding}" in whole.out.splitlines()
