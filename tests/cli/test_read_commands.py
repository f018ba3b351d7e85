from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path

import pytest

from tests.cli.conftest import Runner, created_id
from tests.helpers import git


@pytest.fixture
def busy_ledger(ledger_dir: Path, run: Runner) -> dict[str, str]:
    ids = {
        "crit": created_id(
            run(
                "--now",
                "2026-11-01T09:00",
                "task",
                "new",
                "pg-07 disk full",
                "--type",
                "incident",
                "--priority",
                "critical",
                "--component",
                "aws/eu-west-1/prod/db/pg-07",
                "--assignee",
                "operator",
                "--due",
                "2026-11-02",
                "--tag",
                "disk",
            )
        ),
        "low": created_id(
            run(
                "--now",
                "2026-11-02T09:00",
                "task",
                "new",
                "Tidy wiki",
                "--priority",
                "low",
                "--assignee",
                "olivia",
            )
        ),
        "blocked": created_id(
            run(
                "--now",
                "2026-11-03T09:00",
                "task",
                "new",
                "Switch firmware",
                "--component",
                "onprem/dc1/net",
            )
        ),
        "closed": created_id(run("task", "new", "Old thing")),
    }
    run("task", "start", ids["blocked"], "--to", "olivia")
    run("task", "block", ids["blocked"], "-m", "vendor")
    run("task", "cancel", ids["closed"])
    return ids


def test_status_summarises(busy_ledger: dict[str, str], run: Runner) -> None:
    result = run("--now", "2026-11-21T12:00", "status")
    assert result.code == 0, result.err
    out = result.out
    assert "Open tasks: 3" in out
    assert "Open incidents: 1 (1 critical)" in out
    assert "My tasks (operator) (1)" in out
    assert f"Overdue (1)\n  {busy_ledger['crit']}" in out
    assert f"Blocked (1)\n  {busy_ledger['blocked']}" in out
    data = json.loads(run("--now", "2026-11-21T12:00", "status", "--json").out)
    assert data["overdue"] == [busy_ledger["crit"]]
    assert data["incidents_by_priority"]["critical"] == 1


def test_list_filters_and_formats(busy_ledger: dict[str, str], run: Runner) -> None:
    ids = run("list", "--format", "ids").out.split()
    assert ids == [busy_ledger["crit"], busy_ledger["blocked"], busy_ledger["low"]]
    assert busy_ledger["closed"] in run("list", "--all", "--format", "ids").out
    assert run("list", "--status", "cancelled", "--format", "ids").out.split() == [
        busy_ledger["closed"]
    ]
    assert run("list", "--component", "aws/**/db/**", "--format", "ids").out.split() == [
        busy_ledger["crit"]
    ]
    assert run("list", "--component", "onprem/dc1", "--format", "ids").out.split() == [
        busy_ledger["blocked"]
    ]
    assert run("list", "--assignee", "me", "--format", "ids").out.split() == [busy_ledger["crit"]]
    assert run("list", "--tag", "disk", "--type", "incident", "--format", "ids").out.split() == [
        busy_ledger["crit"]
    ]
    assert run("list", "--priority", "low", "--format", "ids").out.split() == [busy_ledger["low"]]
    assert run("list", "--limit", "1", "--format", "ids").out.split() == [busy_ledger["crit"]]
    rows = json.loads(run("list", "--json").out)
    assert rows[0]["id"] == busy_ledger["crit"] and rows[0]["components"] == [
        "aws/eu-west-1/prod/db/pg-07"
    ]
    table = run("list").out.splitlines()
    assert table[0].split() == ["ID", "TYPE", "STATUS", "PRIORITY", "ASSIGNEE", "TITLE", "DUE"]
    assert "\x1b" not in run("list").out  # no colour when not on a terminal
    parsed = list(csv.reader(io.StringIO(run("list", "--format", "csv").out)))
    assert parsed[0][0] == "id" and len(parsed) == 4
    assert run("list", "--yaml").out.startswith("- id: ")


def test_show_text_and_related(busy_ledger: dict[str, str], run: Runner) -> None:
    dependent = created_id(
        run(
            "task",
            "new",
            "After the firmware",
            "--depends-on",
            busy_ledger["blocked"],
            "--parent",
            busy_ledger["crit"],
        )
    )
    text = run("show", busy_ledger["blocked"]).out
    assert text.startswith(f"{busy_ledger['blocked']}  Switch firmware")
    assert f"Dependents:\n  {dependent}" in text
    assert "in_progress → blocked" in text
    child = run("show", dependent).out
    assert f"Depends on:\n  {busy_ledger['blocked']}" in child
    assert f"Parent:\n  {busy_ledger['crit']}" in child
    assert f"Children:\n  {dependent}" in run("show", busy_ledger["crit"]).out
    assert run("show", dependent, "--yaml").out.startswith(f"id: {dependent}\n")


def test_inventory_and_people(ledger_dir: Path, run: Runner) -> None:
    result = run(
        "inventory",
        "add",
        "aws/eu-west-1/prod/db/pg-09",
        "--kind",
        "database",
        "--client",
        "acme",
        "--tag",
        "postgres",
    )
    assert result.code == 0, result.err
    assert git(ledger_dir, "show", "--name-only", "--format=", "HEAD").split() == ["inventory.yaml"]
    assert run("inventory", "add", "aws/eu-west-1/prod/db/pg-09").code == 1
    assert run("inventory", "add", "aws/*/x").code == 2
    listed = run("inventory", "list", "--component", "aws/**/db/**", "--format", "ids").out.split()
    assert listed == [
        "aws/eu-west-1/prod/db/pg-07",
        "aws/eu-west-1/prod/db/pg-08",
        "aws/eu-west-1/prod/db/pg-09",
    ]
    shown = json.loads(run("inventory", "show", "aws/eu-west-1/prod/db", "--json").out)
    assert len(shown["children"]) == 3
    assert "decommissioned: 2026-09-01" in run("inventory", "show", "onprem/dc1/net/core-sw-1").out
    assert run("inventory", "show", "nowhere").code == 1
    assert "postgres" in run("inventory", "list").out
    people = run("people", "list", "--format", "csv").out.splitlines()
    assert people[0] == "name,kind,full_name,email,teams"
    assert 'olivia,person,Olivia Chen,olivia@example.com,"sre,dba"' in people
    assert "ci,bot,,ci@example.com," in people
    assert run("people", "list", "--team", "dba", "--format", "ids").out.split() == ["olivia"]


def test_schema_export(tmp_path: Path, run: Runner) -> None:
    assert run("schema", "export", str(tmp_path / "s")).code == 0
    task_schema = json.loads((tmp_path / "s" / "task.schema.json").read_text())
    assert task_schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert (
        json.loads(run("schema", "export", "--kind", "window").out)["$id"] == "window.schema.json"
    )
    assert run("schema", "export", "--kind", "nope").code == 2
    assert run("schema", "export").code == 2


def _editor(tmp_path: Path, script: str) -> str:
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\n" + script)
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    return str(editor)


def test_edit_validates_before_commit(
    ledger_dir: Path, run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    task_id = created_id(run("task", "new", "Edit me"))
    monkeypatch.setenv(
        "EDITOR", _editor(tmp_path, "sed -i 's/^priority: medium/priority: urgent/' \"$1\"\n")
    )
    result = run("edit", task_id)
    assert result.code == 1 and "priority" in result.err
    assert "priority: medium" in (ledger_dir / "tasks" / f"{task_id}.yaml").read_text()
    monkeypatch.setenv(
        "EDITOR", _editor(tmp_path, "sed -i 's/^priority: medium/priority: high/' \"$1\"\n")
    )
    assert run("task", "edit", task_id).code == 0
    assert "priority: high" in (ledger_dir / "tasks" / f"{task_id}.yaml").read_text()
    assert git(ledger_dir, "log", "-1", "--format=%s").strip() == f"task({task_id}): edit Edit me"
    monkeypatch.setenv("EDITOR", _editor(tmp_path, "true\n"))
    assert "no changes" in run("edit", task_id).err


def test_new_with_editor(
    ledger_dir: Path, run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "EDITOR", _editor(tmp_path, "sed -i 's/^title: TITLE/title: From the editor/' \"$1\"\n")
    )
    task_id = created_id(run("task", "new", "--edit", "--priority", "high"))
    data = json.loads(run("show", task_id, "--json").out)
    assert data["title"] == "From the editor" and data["priority"] == "high"
    monkeypatch.setenv("EDITOR", _editor(tmp_path, "true\n"))
    assert run("task", "new", "--edit").code == 2
