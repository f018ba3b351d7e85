"""``during_maintenance: attach``: the alert joins the window's change or task, not a pager."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from opsledger.alerts.maintenance import ActiveWindow, Lookup
from opsledger.alerts.service import AlertService
from opsledger.ledger import Ledger
from opsledger.model.clock import FixedClock
from opsledger.model.task import Task
from opsledger.store.fastload import load_fast
from tests.alerts.conftest import am_alert, am_payload

PG07 = "aws/eu-west-1/prod/db/pg-07"
STARTS = datetime(2026, 11, 20, 9, 14, 12, tzinfo=UTC)


@dataclass(frozen=True)
class Window:  # the shape of schedule's window spec, as the lookup returns it
    id: str
    change: str | None = None
    tasks: tuple[str, ...] = ()


def service(repo: Path, lookup: Lookup) -> AlertService:
    alerts = Ledger.open(repo, clock=FixedClock(datetime(2026, 11, 20, 9, 20, tzinfo=UTC))).alerts
    alerts.maintenance = lookup
    return alerts


def task(repo: Path, task_id: str) -> dict[str, object]:
    path = repo / "tasks" / f"{task_id}.yaml"
    data = load_fast(path.read_text(encoding="utf-8"), path.name)
    Task.model_validate(data)
    return data


def only_pg07(window: ActiveWindow | str) -> Lookup:
    def lookup(components: list[str], at: datetime) -> ActiveWindow | str | None:
        return window if components == [PG07] else None

    return lookup


def ingest_one(repo: Path, window: ActiveWindow | str) -> dict[str, object]:
    report = service(repo, only_pg07(window)).ingest(
        am_payload(am_alert("Other", instance="pg-07:9100", severity="critical"))
    )
    assert report.attached == 1
    [task_id] = report.created
    return task(repo, task_id)


def test_attached_to_the_windows_change(alert_ledger: Path) -> None:
    data = ingest_one(alert_ledger, Window("W-7h2k9mqa", "CHG-4n8p2k6d", ("T-3kq9f2xw",)))
    assert data["change"] == "CHG-4n8p2k6d"
    assert "parent" not in data  # the change wins over the window's tasks
    assert (data["window"], data["type"], data["priority"]) == ("W-7h2k9mqa", "task", "critical")
    assert data["tags"] == ["maintenance"]


def test_attached_to_the_windows_first_task_without_a_change(alert_ledger: Path) -> None:
    data = ingest_one(alert_ledger, Window("W-7h2k9mqa", None, ("T-3kq9f2xw", "T-5mbc0q1r")))
    assert data["parent"] == "T-3kq9f2xw"
    assert "change" not in data
    assert (data["window"], data["type"]) == ("W-7h2k9mqa", "task")


def test_a_window_with_neither_is_linked_itself(alert_ledger: Path) -> None:
    for window in (Window("W-7h2k9mqa"), "W-7h2k9mqa"):  # a spec, or an id alone
        alerts = service(alert_ledger, only_pg07(window))
        [task_id] = alerts.ingest(
            am_payload(am_alert("Other", fp=f"fp-{type(window).__name__}", instance="pg-07:9100"))
        ).created
        data = task(alert_ledger, task_id)
        assert (data["window"], data["type"]) == ("W-7h2k9mqa", "task")
        assert "change" not in data and "parent" not in data


def test_one_lookup_per_components_and_start_in_a_batch(alert_ledger: Path) -> None:
    calls: list[tuple[list[str], datetime]] = []

    def lookup(components: list[str], at: datetime) -> ActiveWindow | str | None:
        calls.append((components, at))
        return None

    alerts = [am_alert("Other", fp=f"o{i}", instance="pg-07:9100", n=str(i)) for i in range(2)]
    alerts.append(am_alert("Other", fp="o9", instance="pg-08:9100"))
    report = service(alert_ledger, lookup).ingest(am_payload(*alerts))
    assert len(report.created) == 3
    assert calls == [([PG07], STARTS), (["aws/eu-west-1/prod/db/pg-08"], STARTS)]


def test_planned_noise_is_no_storm(alert_ledger: Path) -> None:
    # storm: max_new 3 (conftest); six alerts inside the window stay plain tasks of its change
    alerts = [am_alert("NodeDown", fp=f"n{i}", instance="pg-07:9100") for i in range(6)]
    window = Window("W-7h2k9mqa", "CHG-4n8p2k6d")
    report = service(alert_ledger, only_pg07(window)).ingest(am_payload(*alerts))
    assert report.storms == [] and report.attached == 6 and len(report.created) == 6
    for task_id in report.created:
        data = task(alert_ledger, task_id)
        assert (data["type"], data["change"]) == ("task", "CHG-4n8p2k6d")
        assert "parent" not in data


def test_attached_alert_still_deduplicates_and_resolves(alert_ledger: Path) -> None:
    window = Window("W-7h2k9mqa", None, ("T-3kq9f2xw",))
    payload = am_payload(am_alert("ReplicationLag", instance="pg-07:9100"))
    [task_id] = service(alert_ledger, only_pg07(window)).ingest(payload).created
    again = service(alert_ledger, only_pg07(window)).ingest(payload)
    assert again.created == [] and again.updated == [task_id] and again.attached == 0
    resolved = service(alert_ledger, only_pg07(window)).ingest(
        am_payload(am_alert("ReplicationLag", "resolved", instance="pg-07:9100"))
    )
    assert resolved.closed == [task_id]  # the rule auto-resolves
    data = task(alert_ledger, task_id)
    assert (data["status"], data["parent"]) == ("done", "T-3kq9f2xw")
