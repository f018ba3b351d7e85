from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.alerts.conftest import POLICY, am_alert, am_payload
from tests.cli.conftest import Runner, commit_count
from tests.helpers import git


@pytest.fixture
def policy(ledger_dir: Path) -> Path:
    (ledger_dir / "policies").mkdir(exist_ok=True)
    (ledger_dir / "policies" / "alerts.yaml").write_text(POLICY)
    git(ledger_dir, "add", "policies")
    git(ledger_dir, "commit", "-qm", "policy")
    return ledger_dir


def test_ingest_file_then_stdin(policy: Path, run: Runner) -> None:
    payload = policy / "alert.json"
    payload.write_bytes(am_payload(am_alert("Other", instance="pg-07")))
    result = run("alert", "ingest", "--source", "alertmanager", str(payload))
    assert result.code == 0, result.err
    assert result.out.startswith("created T-")
    again = run("alert", "ingest", "--json", input=payload.read_text())
    assert again.code == 0 and json.loads(again.out)["deduplicated"] == 1


def test_rejections_exit_1_and_are_managed(policy: Path, run: Runner) -> None:
    before = commit_count(policy)
    result = run("alert", "ingest", "--source", "grafana", input='{"orgId": 1, "alerts": 3}')
    assert result.code == 1 and "rejected" in result.err and "alerts: expected a list" in result.err
    assert commit_count(policy) == before
    listed = run("alert", "rejected", "list", "--json")
    [entry] = json.loads(listed.out)
    shown = run("alert", "rejected", "show", entry["id"])
    assert json.loads(shown.out)["body"] == '{"orgId": 1, "alerts": 3}'
    assert run("alert", "rejected", "replay", entry["id"]).code == 1  # still bad: kept again
    assert len(json.loads(run("alert", "rejected", "list", "--json").out)) == 1
    assert run("alert", "rejected", "show", "nope").code == 1


def test_nagios_macros_as_flags(policy: Path, run: Runner) -> None:
    result = run(
        "alert",
        "ingest",
        "--source",
        "nagios",
        "--macro",
        "HOSTNAME=pg-08",
        "--macro",
        "SERVICEDESC=Load",
        "--macro",
        "SERVICESTATE=CRITICAL",
    )
    assert result.code == 0, result.err
    task_id = result.out.split()[1]
    text = (policy / "tasks" / f"{task_id}.yaml").read_text()
    assert "aws/eu-west-1/prod/db/pg-08" in text and "adapter: nagios" in text
    assert run("alert", "ingest", "--source", "nagios", "--macro", "oops").code == 2


def test_usage_errors(policy: Path, run: Runner) -> None:
    assert run("alert", "ingest", "--source", "pagerduty", "x.json").code == 2
    assert run("alert", "ingest", "missing.json").code == 2
