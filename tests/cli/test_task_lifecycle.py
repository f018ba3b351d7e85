from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Runner, commit_count, created_id, task_file
from tests.helpers import git

NOW = "2026-11-20T10:15:00+01:00"


def test_new_incident_is_one_commit_with_trailers(ledger_dir: Path, run: Runner) -> None:
    before = commit_count(ledger_dir)
    result = run(
        "--now",
        NOW,
        "task",
        "new",
        "Disk full on pg-07",
        "--type",
        "incident",
        "--priority",
        "critical",
        "--component",
        "aws/eu-west-1/prod/db/pg-07",
    )
    task_id = created_id(result)
    path = task_file(ledger_dir, task_id)
    text = path.read_text()
    assert text.startswith(
        "# yaml-language-server: $schema=../.opsledger/schemas/task.schema.json\n"
    )
    assert f"id: {task_id}\n" in text
    assert "created: '2026-11-20T10:15:00+01:00'" not in text  # timestamps are plain scalars
    assert "created: 2026-11-20T10:15:00+01:00\n" in text
    assert commit_count(ledger_dir) == before + 1
    files = git(ledger_dir, "show", "--name-only", "--format=", "HEAD").split()
    assert files == [f"tasks/{task_id}.yaml"]
    message = git(ledger_dir, "log", "-1", "--format=%B")
    assert message.startswith(f"task({task_id}): create Disk full on pg-07\n")
    trailers = git(ledger_dir, "interpret-trailers", "--parse", input=message)
    assert trailers.splitlines() == ["Opsledger-Action: task.create", f"Opsledger-Id: {task_id}"]


def test_the_whole_lifecycle(ledger_dir: Path, run: Runner) -> None:
    task_id = created_id(run("--now", NOW, "task", "new", "Patch kernels"))
    steps = [
        (("task", "assign", task_id, "--to", "olivia"), "assigned"),
        (("task", "start", task_id), "in_progress"),
        (("task", "block", task_id, "-m", "waiting for vendor"), "blocked"),
        (("task", "unblock", task_id), "in_progress"),
        (("task", "done", task_id), "done"),
        (("task", "reopen", task_id, "-m", "came back"), "open"),
        (("task", "cancel", task_id, "-r", "duplicate"), "cancelled"),
    ]
    for args, status in steps:
        result = run("--now", "2026-11-20T11:00:00", *args)
        assert result.code == 0, (args, result.err)
        assert result.out.strip() == f"{task_id} is now {status}"
    shown = json.loads(run("show", task_id, "--json").out)
    assert shown["status"] == "cancelled"
    assert shown["assignee"] == "olivia"
    assert shown["assigned_at"] == "2026-11-20T11:00:00+01:00"
    assert shown["started_at"] == "2026-11-20T11:00:00+01:00"
    assert shown["resolution"] == "duplicate"
    kinds = [(e["from"], e["to"]) for e in shown["events"]]
    assert kinds == [
        ("open", "assigned"),
        ("assigned", "in_progress"),
        ("in_progress", "blocked"),
        ("blocked", "in_progress"),
        ("in_progress", "done"),
        ("done", "open"),
        ("open", "cancelled"),
    ]
    assert shown["events"][2]["note"] == "waiting for vendor"
    assert all(e["by"] == "operator" for e in shown["events"])
    assert len({e["id"] for e in shown["events"]}) == len(shown["events"])


def test_illegal_transitions_are_refused_without_a_commit(ledger_dir: Path, run: Runner) -> None:
    task_id = created_id(run("task", "new", "Rotate certs"))
    before = commit_count(ledger_dir)
    original = task_file(ledger_dir, task_id).read_bytes()
    for args, message in [
        (("task", "block", task_id), "cannot go from open to blocked"),
        (("task", "done", task_id), "give a --resolution"),
        (("task", "unblock", task_id), "not blocked"),
        (("task", "reopen", task_id), "only done or cancelled"),
    ]:
        result = run(*args)
        assert result.code == 1, args
        assert message in result.err
        assert len(result.err.strip().splitlines()) == 1
    run("task", "cancel", task_id)
    assert "reopen it first" in run("task", "start", task_id).err
    assert commit_count(ledger_dir) == before + 1
    assert task_file(ledger_dir, task_id).read_bytes() != original  # only the cancel landed


def test_done_from_open_with_a_resolution(ledger_dir: Path, run: Runner) -> None:
    task_id = created_id(run("task", "new", "Stale alert"))
    assert run("task", "done", task_id, "-r", "alert was a false positive").code == 0
    data = json.loads(run("show", task_id, "--json").out)
    assert data["resolution"] == "alert was a false positive"
    assert "resolved_at" in data


def test_start_keeps_every_comment_and_blank_line(ledger_dir: Path, run: Runner) -> None:
    task_id = created_id(run("task", "new", "Hand edited"))
    path = task_file(ledger_dir, task_id)
    lines = path.read_text().splitlines()
    lines.insert(2, "# a note someone left")
    lines.insert(3, "")
    lines.append("")
    lines.append("# trailing remark  ")
    lines[lines.index(next(x for x in lines if x.startswith("priority:")))] += (
        "   # bumped after call"
    )
    path.write_text("\n".join(lines) + "\n")
    git(ledger_dir, "commit", "-qam", "hand edit")
    assert run("task", "start", task_id).code == 0
    after = path.read_text()
    assert "# a note someone left\n\n" in after
    assert "   # bumped after call" in after
    assert "# trailing remark" in after
    assert "status: in_progress" in after


def test_comment_set_and_rm(ledger_dir: Path, run: Runner) -> None:
    task_id = created_id(run("task", "new", "Firewall request"))
    assert run("task", "comment", task_id, "asked the client for the source range").code == 0
    assert run("task", "comment", task_id, input="from stdin\n").code == 0
    result = run(
        "task",
        "set",
        task_id,
        "priority=high",
        "labels.ticket=INC-42",
        "tags=[firewall, acme]",
        "due=2026-12-01T17:00:00+01:00",
    )
    assert result.code == 0, result.err
    data = json.loads(run("show", task_id, "--json").out)
    assert data["priority"] == "high"
    assert data["labels"] == {"ticket": "INC-42"}
    assert data["tags"] == ["firewall", "acme"]
    assert [e["text"] for e in data["events"]] == [
        "asked the client for the source range",
        "from stdin",
    ]
    assert run("task", "set", task_id, "labels.ticket=").code == 0
    assert (
        "labels" not in json.loads(run("show", task_id, "--json").out)
        or json.loads(run("show", task_id, "--json").out)["labels"] == {}
    )
    assert run("task", "rm", task_id, "--yes").code == 0
    assert not task_file(ledger_dir, task_id).exists()
    assert git(ledger_dir, "log", "-1", "--format=%s").strip() == f"task({task_id}): rm"


def test_set_refuses_protected_fields(ledger_dir: Path, run: Runner) -> None:
    task_id = created_id(run("task", "new", "x"))
    for key, message in [
        ("status=done", "transitions"),
        ("id=T-00000000", "ids never change"),
        ("events=[]", "append-only"),
    ]:
        result = run("task", "set", task_id, key)
        assert result.code == 2 and message in result.err


def test_batch_api_one_commit(ledger_dir: Path) -> None:
    from opsledger.ledger import Ledger

    ledger = Ledger.open(ledger_dir)
    before = commit_count(ledger_dir)
    with ledger.batch("import 25 tasks"):
        ids = [ledger.tasks.create(f"task {i}", priority="low").id for i in range(25)]
        ledger.tasks.transition(ids[0], "start")
    assert commit_count(ledger_dir) == before + 1
    message = git(ledger_dir, "log", "-1", "--format=%B")
    assert message.startswith("task(batch): update import 25 tasks\n")
    assert message.count("Opsledger-Id:") == 25
    assert "Opsledger-Action: task.batch" in message
    assert ledger.tasks.get(ids[0]).status == "in_progress"


def test_batch_failure_restores_everything(ledger_dir: Path) -> None:
    import pytest

    from opsledger.ledger import Ledger

    ledger = Ledger.open(ledger_dir)
    before = commit_count(ledger_dir)
    with pytest.raises(RuntimeError), ledger.batch("half"):
        ledger.tasks.create("first")
        raise RuntimeError("boom")
    assert commit_count(ledger_dir) == before
    assert list((ledger_dir / "tasks").glob("T-*.yaml")) == []
    assert git(ledger_dir, "status", "--porcelain") == ""
