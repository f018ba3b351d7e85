"""The batch API: many creates, one commit, every file atomic, everything undone on failure."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from opsledger.ledger import Ledger
from opsledger.model.errors import ValidationFailed
from opsledger.store import git as git_module
from opsledger.store import workspace as workspace_module
from tests.cli.conftest import commit_count
from tests.helpers import git


def _loose(repo: Path, blob: str) -> bool:
    return (repo / ".git" / "objects" / blob[:2] / blob[2:]).exists()


def test_a_big_batch_packs_its_blobs_and_commits_once(
    ledger_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Three files make a pack here, so seven creates give two packed chunks and a rest.
    monkeypatch.setattr(git_module, "PACK_MIN_FILES", 3)
    git(ledger_dir, "config", "fastimport.unpackLimit", "1")  # else git unpacks small packs
    ledger = Ledger.open(ledger_dir)
    before = commit_count(ledger_dir)
    with ledger.batch("import 7 tasks"):
        ids = [ledger.tasks.create_record(f"task {i}", priority="low")["id"] for i in range(7)]
    assert commit_count(ledger_dir) == before + 1
    assert git(ledger_dir, "status", "--porcelain") == ""
    committed = git(ledger_dir, "show", "--name-only", "--format=", "HEAD").split()
    assert sorted(committed) == sorted(f"tasks/{i}.yaml" for i in ids)
    blobs = [git(ledger_dir, "rev-parse", f"HEAD:tasks/{i}.yaml").strip() for i in ids]
    loose = [b for b in blobs if _loose(ledger_dir, b)]
    assert len(loose) == 1  # the rest of one is below the pack size: staged loose
    message = git(ledger_dir, "log", "-1", "--format=%B")
    assert message.count("Opsledger-Id:") == 7


def test_a_failed_batch_restores_edits_and_removes_new_files(
    ledger_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(git_module, "PACK_MIN_FILES", 2)
    ledger = Ledger.open(ledger_dir)
    kept = ledger.tasks.create_record("kept")["id"]
    path = ledger_dir / "tasks" / f"{kept}.yaml"
    path.chmod(0o600)
    original = path.read_bytes()
    before = commit_count(ledger_dir)
    with pytest.raises(RuntimeError), ledger.batch("half"):
        for i in range(5):
            ledger.tasks.create_record(f"new {i}")
        ledger.tasks.comment(kept, "an edit to undo")
        assert stat.S_IMODE(path.stat().st_mode) == 0o600  # the edit kept the mode
        raise RuntimeError("boom")
    assert commit_count(ledger_dir) == before
    assert path.read_bytes() == original
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in (ledger_dir / "tasks").iterdir()) == [".gitkeep", f"{kept}.yaml"]
    assert git(ledger_dir, "status", "--porcelain") == ""


def _ids(*values: str) -> Iterator[str]:
    yield from values


def test_a_batch_never_reuses_an_id(ledger_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = Ledger.open(ledger_dir, commit=False)
    (ledger_dir / "tasks").mkdir(exist_ok=True)
    (ledger_dir / "tasks" / "T-cccccccc.yaml").write_text("id: T-cccccccc\n")
    drawn = _ids("T-aaaaaaaa", "T-aaaaaaaa", "T-cccccccc", "T-bbbbbbbb")
    monkeypatch.setattr("opsledger.tasks.create.new_record_id", lambda prefix: next(drawn))
    with ledger.batch("two"):
        first = ledger.tasks.create_record("one")["id"]
        second = ledger.tasks.create_record("two")["id"]
    assert (first, second) == ("T-aaaaaaaa", "T-bbbbbbbb")


def test_references_in_a_batch_see_new_and_older_tasks(ledger_dir: Path) -> None:
    ledger = Ledger.open(ledger_dir, commit=False)
    older = ledger.tasks.create_record("older")["id"]
    folder = ledger_dir / "tasks" / "2026"
    folder.mkdir()
    os.replace(ledger_dir / "tasks" / f"{older}.yaml", folder / f"{older}.yaml")
    with ledger.batch("linked"):
        parent = ledger.tasks.create_record("parent", parent=older)["id"]
        child = ledger.tasks.create_record("child", depends_on=[parent, older])
        with pytest.raises(ValidationFailed, match="unknown task 'T-zzzzzzzz'"):
            ledger.tasks.create_record("dangling", depends_on=["T-zzzzzzzz"])
    assert child["depends_on"] == [parent, older]


def test_every_directory_is_synced_once_before_the_commit(
    ledger_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[str] = []
    real = workspace_module.fsync_directory

    def spy(directory: Path | str) -> None:
        synced.append(os.fspath(directory))
        real(directory)

    monkeypatch.setattr(workspace_module, "fsync_directory", spy)
    ledger = Ledger.open(ledger_dir)
    with ledger.batch("three"):
        for i in range(3):
            ledger.tasks.create_record(f"task {i}")
        tx = ledger.ws.active_transaction
        assert tx is not None
        tx.write(ledger_dir / "tasks" / "2026" / "notes.txt", "a new sub-folder\n")
        assert synced == []
    assert sorted(synced) == [str(ledger_dir / "tasks"), str(ledger_dir / "tasks" / "2026")]
