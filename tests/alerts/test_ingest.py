from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opsledger.alerts.service import AlertService
from opsledger.ledger import Ledger
from opsledger.model.clock import FixedClock
from opsledger.model.ids import derived_record_id
from opsledger.model.task import Task
from opsledger.store.fastload import load_fast
from tests.alerts.conftest import am_alert, am_payload
from tests.cli.conftest import commit_count
from tests.helpers import git

NOW = datetime(2026, 11, 20, 9, 20, tzinfo=UTC)


def service(repo: Path, at: datetime = NOW) -> AlertService:
    return Ledger.open(repo, clock=FixedClock(at)).alerts


def task(repo: Path, task_id: str) -> dict[str, object]:
    path = repo / "tasks" / f"{task_id}.yaml"
    data = load_fast(path.read_text(encoding="utf-8"), path.name)
    Task.model_validate(data)  # everything we write is a valid task
    return data


def test_new_task_has_derived_id_and_payload_only_content(alert_ledger: Path) -> None:
    before = commit_count(alert_ledger)
    report = service(alert_ledger).ingest(
        am_payload(
            am_alert("ReplicationLag", instance="pg-07:9187", severity="critical"),
            am_alert("KubeNodeNotReady", instance="https://pg-08.example.com:9100/metrics"),
        )
    )
    expected = derived_record_id("T", "alertmanager", "fp-ReplicationLag", "2026-11-20T09:14:12Z")
    assert report.created[0] == expected
    assert commit_count(alert_ledger) == before + 1  # one commit per batch
    message = git(alert_ledger, "log", "-1", "--format=%B")
    assert message.startswith(f"alert(batch): ingest 2 alerts: created {expected}, ")
    assert f"Opsledger-Id: {report.created[1]}" in message
    data = task(alert_ledger, expected)
    assert data["created"] == "2026-11-20T10:14:12+01:00"  # the alert's start, ledger zone
    assert (data["team"], data["priority"], data["type"]) == ("dba", "critical", "incident")
    assert data["components"] == ["aws/eu-west-1/prod/db/pg-07"]  # host → inventory
    assert task(alert_ledger, report.created[1])["components"] == ["aws/eu-west-1/prod/db/pg-08"]
    assert data["source"] == {
        "adapter": "alertmanager",
        "key": "fp-ReplicationLag",
        "fingerprint": "fp-ReplicationLag",
        "labels": {"alertname": "ReplicationLag", "instance": "pg-07:9187", "severity": "critical"},
        "first_seen": "2026-11-20T10:14:12+01:00",
        "last_seen": "2026-11-20T10:14:12+01:00",
        "occurrences": 1,
        "state": "firing",
    }


def test_repeat_deduplicates_into_one_event_per_batch(alert_ledger: Path) -> None:
    payload = am_payload(am_alert("ReplicationLag", instance="pg-07"))
    [task_id] = service(alert_ledger).ingest(payload).created
    later = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    report = service(alert_ledger, later).ingest_many([("alertmanager", payload)] * 3)
    assert (report.created, report.updated, report.deduplicated) == ([], [task_id], 3)
    data = task(alert_ledger, task_id)
    assert data["source"]["occurrences"] == 4  # type: ignore[index]
    assert data["source"]["last_seen"] == "2026-11-20T10:30:00+01:00"  # type: ignore[index]
    [event] = data["events"]  # type: ignore[misc]
    assert (event["kind"], event["occurrences"]) == ("alert_repeat", 4)
    assert len(list((alert_ledger / "tasks").glob("*.yaml"))) == 1


def test_resolved_with_auto_resolve_closes_the_task(alert_ledger: Path) -> None:
    [task_id] = service(alert_ledger).ingest(am_payload(am_alert("ReplicationLag"))).created
    report = service(alert_ledger).ingest(am_payload(am_alert("ReplicationLag", "resolved")))
    assert report.closed == [task_id]
    data = task(alert_ledger, task_id)
    assert data["status"] == "done"
    assert data["resolved_at"] == "2026-11-20T11:14:12+01:00"
    assert data["resolution"] == "auto-resolved: the alert resolved after 1h"
    assert [e["kind"] for e in data["events"]] == ["alert_resolved", "status"]  # type: ignore[union-attr]
    assert data["events"][0]["time_to_resolve"] == "1h"  # type: ignore[index]
    # the alert fires again later: a new task, not the closed one
    again = service(alert_ledger).ingest(
        am_payload(am_alert("ReplicationLag", starts="2026-11-20T12:00:00Z"))
    )
    assert again.created and again.created != [task_id]


def test_resolved_without_auto_resolve_only_annotates(alert_ledger: Path) -> None:
    [task_id] = service(alert_ledger).ingest(am_payload(am_alert("Other"))).created
    service(alert_ledger).ingest(am_payload(am_alert("Other", "resolved")))
    data = task(alert_ledger, task_id)
    assert data["status"] == "open" and data["source"]["state"] == "resolved"  # type: ignore[index]
    assert data["events"][0]["kind"] == "alert_resolved"  # type: ignore[index]


def test_threshold_keeps_pending_counts_in_local_state(alert_ledger: Path) -> None:
    payload = am_payload(am_alert("DiskFull", instance="pg-07:9100"))
    before = commit_count(alert_ledger)
    for minute in (0, 2):
        report = service(alert_ledger, NOW.replace(minute=minute)).ingest(payload)
        assert report.pending == 1 and not report.created
    assert commit_count(alert_ledger) == before  # nothing committed yet
    assert (Ledger.open(alert_ledger).ws.paths.state / "alerts" / "counters.json").exists()
    report = service(alert_ledger, NOW.replace(minute=4)).ingest(payload)
    [task_id] = report.created
    data = task(alert_ledger, task_id)
    assert data["title"] == "DiskFull on pg-07"
    assert data["source"]["occurrences"] == 3  # type: ignore[index]
    # occurrences outside the window do not count
    other = am_payload(am_alert("DiskSlow", instance="pg-07:9100"))
    for minute in (0, 15, 30):
        assert service(alert_ledger, NOW.replace(minute=minute)).ingest(other).pending == 1


def test_storm_makes_one_parent_incident(alert_ledger: Path) -> None:
    alerts = [am_alert("NodeDown", fp=f"n{i}", instance=f"node-{i}") for i in range(6)]
    report = service(alert_ledger).ingest(am_payload(*alerts))
    assert len(report.created) == 7 and len(report.storms) == 1
    parent = report.storms[0]
    assert task(alert_ledger, parent)["type"] == "incident"
    children = [c for c in report.created if c != parent]
    assert all(task(alert_ledger, c)["parent"] == parent for c in children)
    assert all(task(alert_ledger, c)["type"] == "task" for c in children)
    more = service(alert_ledger).ingest(am_payload(am_alert("NodeDown", fp="n9")))
    assert task(alert_ledger, more.created[0])["parent"] == parent  # the same storm


def test_flapping_labels_the_task(alert_ledger: Path) -> None:
    ledger_service = service(alert_ledger)
    [task_id] = ledger_service.ingest(am_payload(am_alert("Other"))).created
    for status in ("resolved", "firing", "resolved"):
        report = service(alert_ledger).ingest(am_payload(am_alert("Other", status)))
    assert report.flapping == [task_id]
    assert task(alert_ledger, task_id)["labels"] == {"flapping": "true"}


def test_dropped_and_template_failures_never_lose_an_alert(alert_ledger: Path) -> None:
    report = service(alert_ledger).ingest(
        am_payload(am_alert("Watchdog"), am_alert("Cert", instance="shop"))
    )
    assert report.dropped == 1
    [task_id] = report.created
    data = task(alert_ledger, task_id)
    assert data["title"] == "Cert happened"  # the rule's template failed: the default title
    assert data["source"]["key"] == "cert:shop"  # type: ignore[index]
    assert any("missing_label" in n for n in report.notices)


@pytest.mark.parametrize(
    ("mode", "created", "window"),
    [("attach", 1, "W-7h2k9mqa"), ("suppress", 0, None), ("open", 1, None)],
)
def test_maintenance_seam(alert_ledger: Path, mode: str, created: int, window: str | None) -> None:
    policy = alert_ledger / "policies" / "alerts.yaml"
    policy.write_text(policy.read_text() + f"during_maintenance: {mode}\n")
    calls: list[tuple[list[str], datetime]] = []

    def maintenance(components: list[str], at: datetime) -> str | None:
        calls.append((components, at))
        return "W-7h2k9mqa" if components == ["aws/eu-west-1/prod/db/pg-07"] else None

    alerts = service(alert_ledger)
    alerts.maintenance = maintenance
    report = alerts.ingest(am_payload(am_alert("Other", instance="pg-07:9100")))
    assert len(report.created) == created
    if created:
        data = task(alert_ledger, report.created[0])
        assert data.get("window") == window
        assert data["type"] == ("task" if window else "incident")
    assert calls == (
        []
        if mode == "open"
        else [(["aws/eu-west-1/prod/db/pg-07"], datetime(2026, 11, 20, 9, 14, 12, tzinfo=UTC))]
    )


def test_rejected_payloads_are_kept_and_replayed(alert_ledger: Path) -> None:
    alerts = service(alert_ledger)
    report = alerts.ingest(b'{"kind": "uptime-x", "checks": "oops"}', "generic")
    assert report.rejected and "alerts: expected a list" in report.rejected[0]
    [entry] = alerts.rejected()
    assert entry["reason"] == "alerts: expected a list" and entry["source"] == "generic"
    shown = alerts.rejected_show(entry["id"][:10])
    assert shown["body"] == '{"kind": "uptime-x", "checks": "oops"}'
    policy = alert_ledger / "policies" / "alerts.yaml"
    policy.write_text(policy.read_text().replace("alerts: checks", "alerts: null"))
    fixed = service(alert_ledger)
    payload = json.dumps(
        {"kind": "uptime-x", "checks": "oops", "id": "c1", "name": "Down", "host": "pg-07"}
    ).encode()
    [entry] = fixed.rejected()
    (fixed.ws.paths.state / "alerts" / "rejected" / f"{entry['id']}.json").write_text(
        json.dumps({**entry, "body": payload.decode()})
    )
    replayed = fixed.replay(entry["id"])
    assert replayed.created and not replayed.rejected
    assert fixed.rejected() == []


def test_two_clones_merge_cleanly(alert_ledger: Path, tmp_path: Path) -> None:
    origin = tmp_path / "origin.git"
    git(alert_ledger, "clone", "-q", "--bare", str(alert_ledger), str(origin))
    clones = []
    for name in ("a", "b"):
        clone = tmp_path / name
        git(tmp_path, "clone", "-q", str(origin), str(clone))
        git(clone, "config", "user.email", f"{name}@example.com")
        git(clone, "config", "user.name", name)
        clones.append(clone)
    payload = am_payload(am_alert("ReplicationLag"), am_alert("Other", instance="pg-08"))
    when = [NOW, NOW.replace(minute=40)]  # different receipt times, same content
    ids = [service(c, at).ingest(payload).created for c, at in zip(clones, when, strict=True)]
    assert ids[0] == ids[1]
    git(clones[0], "push", "-q", "origin", "main")
    git(clones[1], "pull", "-q", "--no-rebase", "origin", "main")  # a real merge
    assert git(clones[1], "status", "--porcelain") == ""
    assert sorted(p.stem for p in (clones[1] / "tasks").glob("*.yaml")) == sorted(ids[0])
