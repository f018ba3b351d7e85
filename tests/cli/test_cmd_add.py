from __future__ import annotations

import json
import shutil
from pathlib import Path

from opsledger.model.task import Task
from opsledger.store.fastload import load_fast
from tests.cli.conftest import Runner, commit_count, created_id, task_file
from tests.helpers import git

TEMPLATE = """name: pg-restart
description: Restart PostgreSQL
params: {host: {required: true}, version: {default: "16"}, note: {}}
command: >-
  ssh {{ host }} sudo systemctl restart postgresql@{{ version }}-main{{ ' # ' ~ note if note else '' }}
"""  # noqa: E501


def new_task(run: Runner) -> str:
    return created_id(run("task", "new", "Disk full on pg-07"))


def commands(repo: Path, task_id: str) -> list[dict[str, object]]:
    data = load_fast(task_file(repo, task_id).read_text(encoding="utf-8"), "t")
    Task.model_validate(data)  # the lean writer must satisfy the full model
    return data["commands"]


def test_add_records_one_commit(ledger_dir: Path, run: Runner) -> None:
    task_id = new_task(run)
    before = commit_count(ledger_dir)
    result = run("--now", "2026-11-20T10:22:00", "cmd", "add", task_id[2:6], "--exit", "0",
                 "--duration", "0.04", "--host", "pg-07", "--cwd", "/root", "--user", "olivia",
                 "--", "df", "-h", "/var/lib/postgresql")  # fmt: skip
    assert result.code == 0, result.err
    assert commit_count(ledger_dir) == before + 1
    (entry,) = commands(ledger_dir, task_id)
    assert {k: v for k, v in entry.items() if k != "id"} == {
        "at": "2026-11-20T10:22:00+01:00", "cmd": "df -h /var/lib/postgresql", "exit": 0,
        "duration": 0.04, "cwd": "/root", "host": "pg-07", "user": "olivia",
    }  # fmt: skip
    log = git(ledger_dir, "log", "-1", "--format=%B")
    assert log.startswith(f"cmd({task_id}): add df -h /var/lib/postgresql")
    assert "Opsledger-Action: cmd.add" in log
    assert git(ledger_dir, "status", "--porcelain") == ""


def test_add_one_quoted_argument_and_default_user(ledger_dir: Path, run: Runner) -> None:
    task_id = new_task(run)
    result = run("cmd", "add", task_id, "--at", "-1h", "--", "ls | wc -l")
    assert result.code == 0, result.err
    (entry,) = commands(ledger_dir, task_id)
    assert entry["cmd"] == "ls | wc -l"
    assert entry["exit"] is None
    assert entry["user"] == "operator"  # git user.email matched in people.yaml


def test_add_redacts_before_commit(ledger_dir: Path, run: Runner) -> None:
    task_id = new_task(run)
    result = run("cmd", "add", task_id, "--", "PGPASSWORD=hunter2 psql -h pg-07")
    assert result.code == 0, result.err
    (entry,) = commands(ledger_dir, task_id)
    assert entry["cmd"] == "PGPASSWORD=[REDACTED:1] psql -h pg-07"
    assert entry["redacted"] == {"1": None}
    assert "hunter2" not in git(ledger_dir, "log", "-p", "--format=%B")


def test_add_errors(ledger_dir: Path, run: Runner) -> None:
    task_id = new_task(run)
    assert run("cmd", "add", task_id).code == 2
    assert run("cmd", "add", task_id, "--", " ").code == 2
    assert run("cmd", "add", "zzzz", "--", "ls").code == 1
    missing = run("cmd", "add", task_id, "--output-file", "outputs/x.log", "--", "ls")
    assert missing.code == 1 and "no such file" in missing.err


def test_templates_list_show_render_and_add(ledger_dir: Path, run: Runner) -> None:
    folder = ledger_dir / "templates" / "commands"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pg-restart.yaml").write_text(TEMPLATE, encoding="utf-8")
    listed = run("cmd", "template", "list", "--json")
    assert json.loads(listed.out) == [
        {"name": "pg-restart", "description": "Restart PostgreSQL", "params": "host, version, note"}
    ]
    shown = run("cmd", "template", "show", "pg-restart")
    assert "host (required)" in shown.out and "version (default '16')" in shown.out
    rendered = run("cmd", "template", "render", "pg-restart", "host=pg-07")
    assert rendered.out == "ssh pg-07 sudo systemctl restart postgresql@16-main\n"
    assert run("cmd", "template", "render", "pg-restart").code == 2
    assert run("cmd", "template", "render", "pg-restart", "host=a", "colour=red").code == 2
    assert run("cmd", "template", "render", "nope").code == 1
    task_id = new_task(run)
    added = run("cmd", "add", task_id, "--template", "pg-restart", "--param", "host=pg-07",
                "version=15", "--exit", "0")  # fmt: skip
    assert added.code == 0, added.err
    (entry,) = commands(ledger_dir, task_id)
    assert entry["cmd"] == "ssh pg-07 sudo systemctl restart postgresql@15-main"
    assert entry["template"] == "pg-restart"
    bad = run("cmd", "add", task_id, "--template", "pg-restart", "--param", "host")
    assert bad.code == 2 and "expected KEY=VALUE" in bad.err
    shutil.rmtree(folder.parent)
    assert run("cmd", "template", "list", "--json").out.strip() == "[]"
    assert "known: none" in run("cmd", "template", "render", "pg-restart", "host=a").err


def test_exit_fills_the_last_entry_and_log_lists(ledger_dir: Path, run: Runner) -> None:
    task_id = new_task(run)
    assert run("cmd", "exit", task_id, "3").code == 1  # nothing recorded yet
    run("--now", "2026-11-20T10:00", "cmd", "add", task_id, "--", "first")
    run("--now", "2026-11-20T09:00", "cmd", "add", task_id, "--", "second")
    assert run("cmd", "exit", task_id, "3").code == 0
    assert [c["exit"] for c in commands(ledger_dir, task_id)] == [None, 3]
    rows = json.loads(run("cmd", "log", "--json").out)
    assert [(r["task"], r["cmd"]) for r in rows] == [(task_id, "second"), (task_id, "first")]
    assert "second" in run("cmd", "log", task_id).out


def test_a_task_in_a_sub_folder_by_full_id_and_by_prefix(ledger_dir: Path, run: Runner) -> None:
    task_id = new_task(run)
    (ledger_dir / "tasks" / "2026").mkdir()
    git(ledger_dir, "mv", f"tasks/{task_id}.yaml", f"tasks/2026/{task_id}.yaml")
    git(ledger_dir, "commit", "-qm", "file by year")
    assert run("cmd", "add", task_id, "--", "first").code == 0
    assert run("cmd", "add", task_id[2:7].upper(), "--", "second").code == 0
    data = load_fast((ledger_dir / f"tasks/2026/{task_id}.yaml").read_text(), "t")
    assert [c["cmd"] for c in data["commands"]] == ["first", "second"]
    assert not (ledger_dir / f"tasks/{task_id}.yaml").exists()
    assert git(ledger_dir, "status", "--porcelain") == ""
    missing = run("cmd", "add", "T-zzzzzzzz", "--", "third")
    assert missing.code == 1 and "no record matches 'T-zzzzzzzz'" in missing.err
