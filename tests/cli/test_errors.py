"""Bad input gets one line, file:line:column where a file is involved, and changes nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli.conftest import Runner, commit_count, created_id, task_file
from tests.helpers import git


def _assert_one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_unknown_field_points_at_the_key(ledger_dir: Path, run: Runner) -> None:
    task_id = created_id(run("task", "new", "x"))
    path = task_file(ledger_dir, task_id)
    before = path.read_bytes()
    result = run("task", "set", task_id, "colour=red")
    assert result.code == 1
    line = _assert_one_line(result.err)
    assert re.search(rf"tasks/{task_id}\.yaml:\d+:1: unknown field 'colour'", line), line
    assert path.read_bytes() == before
    assert git(ledger_dir, "status", "--porcelain") == ""


def test_bad_enum_value(ledger_dir: Path, run: Runner) -> None:
    task_id = created_id(run("task", "new", "x"))
    result = run("task", "set", task_id, "priority=urgent")
    assert result.code == 1
    line = _assert_one_line(result.err)
    assert re.search(rf"tasks/{task_id}\.yaml:\d+:\d+: priority: Input should be", line), line


def test_malformed_yaml_names_file_line_column(ledger_dir: Path, run: Runner) -> None:
    task_id = created_id(run("task", "new", "x"))
    path = task_file(ledger_dir, task_id)
    path.write_text(path.read_text() + "oops: [unclosed\n")
    result = run("task", "start", task_id)
    assert result.code == 1
    line = _assert_one_line(result.err)
    assert re.search(rf"tasks/{task_id}\.yaml:\d+:\d+: ", line), line
    assert "oops: [unclosed" in path.read_text()  # the user's text is never lost


def test_unknown_id_and_ambiguous_prefix(ledger_dir: Path, run: Runner) -> None:
    result = run("task", "start", "zzzzzzzz")
    assert result.code == 1 and "no record matches 'zzzzzzzz'" in result.err
    tasks = ledger_dir / "tasks"
    for suffix in ("aaaaaaaa", "aaaabbbb"):
        task_id = f"T-{suffix}"
        (tasks / f"{task_id}.yaml").write_text(
            f"id: {task_id}\ntitle: t\ncreated: 2026-11-20T10:15:00+01:00\n"
        )
    result = run("show", "aaaa")
    assert result.code == 1
    assert "ambiguous: T-aaaaaaaa, T-aaaabbbb" in _assert_one_line(result.err)
    shown = run("show", "T-AAAABBBB", "--json")  # case folds to the one it names
    assert shown.code == 0 and json.loads(shown.out)["id"] == "T-aaaabbbb"


def test_unknown_component_writes_nothing(ledger_dir: Path, run: Runner) -> None:
    before = commit_count(ledger_dir)
    result = run("task", "new", "x", "--component", "aws/eu-west-1/prod/db/pg-99")
    assert result.code == 1
    assert "unknown component 'aws/eu-west-1/prod/db/pg-99'" in _assert_one_line(result.err)
    assert commit_count(ledger_dir) == before
    assert list((ledger_dir / "tasks").glob("T-*")) == []


def test_unknown_person(ledger_dir: Path, run: Runner) -> None:
    result = run("task", "new", "x", "--assignee", "nobody")
    assert result.code == 1 and "unknown person 'nobody'" in result.err


@pytest.mark.parametrize(
    "args",
    [
        ("task", "new", "x", "--priority", "urgent"),
        ("task", "frobnicate"),
        ("list", "--bogus"),
        ("show",),
        ("--now", "whenever", "status"),
        ("task", "new"),
    ],
)
def test_usage_errors_exit_2(ledger_dir: Path, run: Runner, args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.code == 2, result
    _assert_one_line(result.err)


def test_debug_shows_the_traceback(ledger_dir: Path, run: Runner) -> None:
    from opsledger.model.errors import NotFound

    with pytest.raises(NotFound):
        run("--debug", "show", "zzzzzzzz")


def test_not_a_ledger(tmp_path: Path, run: Runner) -> None:
    result = run("-C", str(tmp_path), "status")
    assert result.code == 1
    assert "not inside a ledger" in _assert_one_line(result.err)


def test_merge_in_progress_and_detached_head(ledger_dir: Path, run: Runner) -> None:
    task_id = created_id(run("task", "new", "x"))
    head = git(ledger_dir, "rev-parse", "HEAD").strip()
    git(ledger_dir, "checkout", "-q", "--detach", head)
    result = run("task", "start", task_id)
    assert result.code == 1 and "detached" in result.err.lower()
    git(ledger_dir, "checkout", "-q", "main")
    (ledger_dir / ".git" / "MERGE_HEAD").write_text(head + "\n")
    result = run("task", "start", task_id)
    assert result.code == 1 and "merge" in result.err.lower()
