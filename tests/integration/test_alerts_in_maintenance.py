"""An alert on components inside an active maintenance window is attached, not paged."""

from __future__ import annotations

import json
from pathlib import Path

from opsledger.ledger import Ledger
from tests.cli.conftest import Runner

PAYLOAD = {
    "version": "4",
    "status": "firing",
    "receiver": "opsledger",
    "groupKey": "g",
    "truncatedAlerts": 0,
    "groupLabels": {},
    "commonLabels": {},
    "commonAnnotations": {},
    "externalURL": "http://am.example",
    "alerts": [
        {
            "status": "firing",
            "fingerprint": "5f1c09e2d4a7b3c1",
            "labels": {
                "alertname": "DiskSpaceCritical",
                "instance": "pg-07:9100",
                "severity": "critical",
            },
            "annotations": {"summary": "disk 97%"},
            "startsAt": "2026-12-05T22:30:00Z",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "http://prom.example",
        }
    ],
}


def _alert_in_a_window(ledger_dir: Path, run: Runner, tmp_path: Path, extra: str = "") -> Path:
    """A 4-hour maintenance window on the prod databases (plus ``extra`` lines in its
    file), and an Alertmanager alert on pg-07 inside it; returns the window file."""
    made = run(
        "window",
        "new",
        "DB patching",
        "--start",
        "2026-12-05T22:00:00+00:00",
        "--duration",
        "4h",
        "--component",
        "aws/eu-west-1/prod/db/**",
    )
    assert made.code == 0, made.err
    window_file = next((ledger_dir / "windows").glob("W-*.yaml"))
    if extra:
        with window_file.open("a", encoding="utf-8") as handle:
            handle.write(extra)
    payload = tmp_path / "am.json"
    payload.write_text(json.dumps(PAYLOAD))
    ingested = run(
        "--now", "2026-12-05T22:31:00+00:00", "alert", "ingest", "--source", "alertmanager",
        str(payload),
    )  # fmt: skip
    assert ingested.code == 0, ingested.err
    return window_file


def test_alert_during_maintenance_links_the_window(
    ledger_dir: Path, run: Runner, tmp_path: Path
) -> None:
    window_id = _alert_in_a_window(ledger_dir, run, tmp_path).stem
    tasks = [t for t in Ledger.open(ledger_dir).tasks.iter_all() if t.source is not None]
    assert len(tasks) == 1
    assert tasks[0].window == window_id
    assert tasks[0].components == ["aws/eu-west-1/prod/db/pg-07"]


def test_alert_during_maintenance_attaches_to_the_windows_change(
    ledger_dir: Path, run: Runner, tmp_path: Path
) -> None:
    extra = "change: CHG-4n8p2k6d\ntasks: [T-3kq9f2xw]\n"
    window_file = _alert_in_a_window(ledger_dir, run, tmp_path, extra)
    tasks = [t for t in Ledger.open(ledger_dir).tasks.iter_all() if t.source is not None]
    assert len(tasks) == 1
    assert tasks[0].change == "CHG-4n8p2k6d"
    assert tasks[0].window == window_file.stem
    assert tasks[0].type == "task"  # attached, not paged as an incident


def test_the_api_status_is_the_one_the_cli_prints(ledger_dir: Path, run: Runner) -> None:
    import json

    assert (
        run("task", "new", "pg-07 disk", "--type", "incident", "--priority", "critical").code == 0
    )
    printed = json.loads(run("status", "--json").out)
    summary = Ledger.open(ledger_dir).status()
    assert printed["open"] == summary.open_total == 1
    assert summary.incidents_by_priority["critical"] == 1
