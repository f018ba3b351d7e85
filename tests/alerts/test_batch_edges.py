"""What a batch does at its edges: repeats inside one payload, resends, stray resolutions,
storms raising their parent, a key index rebuilt from the files, partly bad payloads."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from opsledger.alerts.keyindex import KeyIndex
from opsledger.alerts.service import AlertService
from opsledger.ledger import Ledger
from opsledger.model.clock import FixedClock
from opsledger.model.task import Task
from opsledger.store.fastload import load_fast
from tests.alerts.conftest import am_alert, am_payload
from tests.helpers import git

NOW = datetime(2026, 11, 20, 9, 20, tzinfo=UTC)


def service(repo: Path) -> AlertService:
    return Ledger.open(repo, clock=FixedClock(NOW)).alerts


def task(repo: Path, task_id: str) -> dict[str, object]:
    path = repo / "tasks" / f"{task_id}.yaml"
    data = load_fast(path.read_text(encoding="utf-8"), path.name)
    Task.model_validate(data)
    return data


def use_policy(repo: Path, text: str) -> None:
    (repo / "policies" / "alerts.yaml").write_text(text, encoding="utf-8")


def test_a_repeat_inside_the_new_tasks_batch_only_counts(alert_ledger: Path) -> None:
    report = service(alert_ledger).ingest(am_payload(am_alert("Other"), am_alert("Other")))
    [task_id] = report.created
    assert (report.deduplicated, report.updated) == (1, [])
    data = task(alert_ledger, task_id)
    assert data["source"]["occurrences"] == 2  # type: ignore[index]
    assert "events" not in data  # a new file depends on the payload only


def test_a_resend_of_a_closed_alert_and_a_stray_resolution(alert_ledger: Path) -> None:
    fired = am_payload(am_alert("ReplicationLag"))
    [task_id] = service(alert_ledger).ingest(fired).created
    assert service(alert_ledger).ingest(
        am_payload(am_alert("ReplicationLag", "resolved"))
    ).closed == [task_id]
    head = git(alert_ledger, "rev-parse", "HEAD")
    resent = service(alert_ledger).ingest(fired)  # the same instance (same start) again
    assert (resent.created, resent.deduplicated, resent.commit) == ([], 1, None)
    stray = service(alert_ledger).ingest(am_payload(am_alert("Never", "resolved")))
    assert stray.notices == ["fp-Never: resolved, no open task"]
    assert git(alert_ledger, "rev-parse", "HEAD") == head  # nothing to commit either time


def test_an_assigned_alert_task_and_no_storm_policy(alert_ledger: Path) -> None:
    use_policy(alert_ledger, "defaults: {assignee: olivia}\n")
    report = service(alert_ledger).ingest(
        am_payload(*(am_alert("NodeDown", fp=f"n{i}") for i in range(30)))
    )
    assert len(report.created) == 30 and report.storms == []
    data = task(alert_ledger, report.created[0])
    assert (data["status"], data["assignee"]) == ("assigned", "olivia")
    assert data["assigned_at"] == data["created"] == "2026-11-20T10:14:12+01:00"


def test_a_critical_child_raises_its_storm_parent(alert_ledger: Path) -> None:
    alerts = [am_alert("NodeDown", fp=f"n{i}", severity="warning") for i in range(4)]
    alerts.append(am_alert("NodeDown", fp="n9", severity="critical"))
    report = service(alert_ledger).ingest(am_payload(*alerts))
    [parent] = report.storms
    assert task(alert_ledger, parent)["priority"] == "critical"  # "high" until the critical one


def test_the_key_index_is_rebuilt_from_the_task_files(alert_ledger: Path) -> None:
    alerts = service(alert_ledger)
    open_id, _closed = alerts.ingest(
        am_payload(am_alert("Other"), am_alert("ReplicationLag"))
    ).created
    alerts.ingest(am_payload(am_alert("ReplicationLag", "resolved")))  # auto-resolved: closed
    (alert_ledger / "tasks" / "T-broken0.yaml").write_text("id: [\nsource:\n", encoding="utf-8")
    ws = Ledger.open(alert_ledger).ws
    index = KeyIndex(ws)
    index.file.unlink()
    human = service(alert_ledger).ws.paths.record_dir("task") / "T-human000.yaml"
    human.write_text("id: T-human000\ntitle: by hand\n", encoding="utf-8")
    # only the open, alert-born, readable task: not the closed one, the broken one, the human's
    assert KeyIndex(ws).keys == {"alertmanager.fp-Other": open_id}


def test_a_ledger_without_a_tasks_folder_has_no_keys(alert_ledger: Path) -> None:
    shutil.rmtree(alert_ledger / "tasks")
    assert KeyIndex(Ledger.open(alert_ledger).ws).keys == {}


def test_a_partly_bad_payload_keeps_the_bad_part(alert_ledger: Path) -> None:
    bad = am_alert("Bad")
    bad["labels"] = {}
    alerts = service(alert_ledger)
    report = alerts.ingest(am_payload(bad, am_alert("Other")))
    assert len(report.created) == 1
    [entry] = alerts.rejected()
    problem = "alerts[0]: labels: an alert needs at least one label"
    assert entry["reason"] == f"partly rejected: {problem}"
    assert report.rejected == [f"{entry['id']}: {problem}"]
