"""Edges a review found: an interrupted commit, file modes in bulk writes, huge offsets."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from opsledger.ledger import Ledger
from opsledger.store import git as git_module
from opsledger.store.bulkwrite import write_many
from tests.cli.conftest import Runner, commit_count
from tests.helpers import git


def test_an_interrupted_commit_leaves_nothing_staged(
    ledger_dir: Path, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("task", "new", "Disk full").code == 0
    task = next((ledger_dir / "tasks").glob("T-*.yaml"))
    before = task.read_text(encoding="utf-8")
    commits = commit_count(ledger_dir)
    real = git_module.Git.commit

    def interrupted(self: git_module.Git, paths: list[Path], message: str, **kw: object) -> str:
        self.run("update-index", "--add", "--remove", "--", *[str(p) for p in paths])
        raise KeyboardInterrupt  # a Ctrl-C while git signs, after staging

    monkeypatch.setattr(git_module.Git, "commit", interrupted)
    ledger = Ledger.open(ledger_dir)
    with pytest.raises(KeyboardInterrupt):
        ledger.tasks.comment(task.stem, "looking")
    monkeypatch.setattr(git_module.Git, "commit", real)
    assert task.read_text(encoding="utf-8") == before
    assert git(ledger_dir, "diff", "--cached", "--name-only") == ""
    assert commit_count(ledger_dir) == commits


def test_bulk_writes_keep_the_mode_of_a_replaced_file(ledger_dir: Path) -> None:
    private = ledger_dir / "tasks" / "T-00000000.yaml"
    private.parent.mkdir(exist_ok=True)
    private.write_text("old\n", encoding="utf-8")
    os.chmod(private, 0o600)
    fresh = ledger_dir / "tasks" / "T-00000001.yaml"
    ws = Ledger.open(ledger_dir, commit=False).ws
    with ws.transaction("task", "update", "batch") as tx:
        write_many(tx, [(private, "new\n"), (fresh, "fresh\n")])
    assert private.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert fresh.read_text(encoding="utf-8") == "fresh\n"


def test_a_due_date_beyond_the_calendar_is_a_usage_error(ledger_dir: Path, run: Runner) -> None:
    result = run("task", "new", "Far away", "--due", "+99999999d")
    assert result.code == 2
    assert result.err.count("\n") == 1 and "beyond the calendar" in result.err
