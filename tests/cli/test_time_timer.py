"""``time start|stop|status`` through the CLI on a real git repo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from opsledger.ledger import Ledger
from opsledger.store.fastload import load_fast
from tests.cli.conftest import Runner, commit_count, created_id, task_file
from tests.helpers import git
from tests.timetrack.billing_fixture import add_billing


@pytest.fixture
def ledger(ledger_dir: Path) -> Path:
    add_billing(ledger_dir)
    return ledger_dir


def _task(run: Runner, *args: str) -> str:
    return created_id(run("task", "new", "Disk full on pg-07", *args))


def _time(repo: Path, task_id: str) -> list[dict[str, object]]:
    text = task_file(repo, task_id).read_text(encoding="utf-8")
    return load_fast(text, "t")["time"]


def test_start_stop_records_one_entry_in_one_commit(ledger: Path, run: Runner) -> None:
    task_id = _task(run, "--component", "aws/eu-west-1/prod/db/pg-07")
    before = commit_count(ledger)
    started = run(
        "--now",
        "2026-11-20T10:15",
        "time",
        "start",
        task_id,
        "--project",
        "OPS-42",
        "--note",
        "WAL archiving",
    )
    assert started.code == 0, started.err
    assert commit_count(ledger) == before  # a timer is local state, not a commit
    status = run("--now", "2026-11-20T10:45", "time", "status")
    assert status.code == 0 and task_id in status.out and "30m" in status.out
    stopped = run("--now", "2026-11-20T11:00", "time", "stop")
    assert stopped.code == 0, stopped.err
    assert commit_count(ledger) == before + 1
    assert (
        git(ledger, "log", "-1", "--format=%s").strip()
        == f"time({task_id}): stop 45m WAL archiving"
    )
    [entry] = _time(ledger, task_id)
    # the client came from the component's owner in inventory.yaml
    assert entry == {
        "id": entry["id"],
        "start": "2026-11-20T10:15:00+01:00",
        "end": "2026-11-20T11:00:00+01:00",
        "who": "operator",
        "client": "acme",
        "project": "OPS-42",
        "billable": True,
        "note": "WAL archiving",
    }
    assert run("time", "status").code == 1
    assert "no timer" in run("time", "stop").err


def test_the_timer_survives_a_new_process(ledger: Path, run: Runner) -> None:
    task_id = _task(run, "--client", "globex")
    assert run("--now", "2026-11-20T08:00", "time", "start", task_id).code == 0
    fresh = Ledger.open(ledger, env={"OPSLEDGER_USER": "operator"})
    found = fresh.time.status()
    assert found is not None and found[0].task == task_id and found[0].client == "globex"
    state = json.loads((fresh.ws.paths.state / "timers" / "operator.json").read_text())
    assert state["start"] == "2026-11-20T08:00:00+01:00"


def test_starting_again_stops_the_running_timer(ledger: Path, run: Runner) -> None:
    first, second = _task(run, "--client", "globex"), _task(run, "--client", "globex")
    run("--now", "2026-11-20T08:00", "time", "start", first, "--project", "GX-RUN")
    result = run("--now", "2026-11-20T09:00", "time", "start", second, "--project", "GX-RUN")
    assert result.code == 0 and f"stopped the timer on {first} after 1h" in result.err
    assert _time(ledger, first)[0]["end"] == "2026-11-20T09:00:00+01:00"
    config = ledger / "opsledger.yaml"
    config.write_text(config.read_text() + "time: {on_start_while_running: refuse}\n")
    refused = run("--now", "2026-11-20T09:30", "time", "start", first)
    assert refused.code == 1 and "has a timer running" in refused.err
    assert len(_time(ledger, first)) == 1


def test_start_on_a_closed_task_warns_and_records(ledger: Path, run: Runner) -> None:
    task_id = _task(run, "--client", "globex")
    run("task", "done", task_id, "--resolution", "fixed")
    result = run("--now", "2026-11-20T08:00", "time", "start", task_id, "--project", "GX-RUN")
    assert result.code == 0 and f"warning: {task_id} is done" in result.err
    assert run("--now", "2026-11-20T08:20", "time", "stop").code == 0
    assert len(_time(ledger, task_id)) == 1


def test_stop_before_start_is_refused(ledger: Path, run: Runner) -> None:
    task_id = _task(run)
    run("--now", "2026-11-20T08:00", "time", "start", task_id)
    result = run("time", "stop", "--at", "2026-11-20T07:00")
    assert result.code == 2 and "ends" in result.err and "before it starts" in result.err
    assert run("time", "status").code == 0  # still running


def test_stop_after_a_crash_between_commit_and_cleanup(ledger: Path, run: Runner) -> None:
    task_id = _task(run)
    run("--now", "2026-11-20T08:00", "time", "start", task_id)
    timer_file = next((ledger / ".git" / "opsledger").rglob("operator.json"))
    saved = timer_file.read_text()
    run("--now", "2026-11-20T08:30", "time", "stop")
    timer_file.write_text(saved)  # as if the process died before removing it
    again = run("--now", "2026-11-20T09:00", "time", "stop")
    assert again.code == 0
    assert len(_time(ledger, task_id)) == 1
    assert not timer_file.exists()


def test_unknown_person_is_a_usage_error(ledger: Path, run: Runner) -> None:
    task_id = _task(run)
    git(ledger, "config", "user.email", "stranger@example.com")
    result = run("time", "start", task_id)
    assert result.code == 2 and "who is tracking time" in result.err
