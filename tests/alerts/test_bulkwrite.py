"""A batch's files: written atomically, packed for git in one go, put back on failure."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from opsledger.ledger import Ledger
from opsledger.model.clock import FixedClock
from opsledger.store import bulkwrite
from opsledger.store import git as git_module
from tests.alerts.conftest import am_alert, am_payload
from tests.cli.conftest import commit_count
from tests.helpers import git

NOW = datetime(2026, 11, 20, 9, 20, tzinfo=UTC)


def payload(count: int) -> bytes:
    return am_payload(*(am_alert("Other", fp=f"b{i}", instance=f"h-{i}") for i in range(count)))


def loose(repo: Path, sha: str) -> bool:
    return (repo / ".git" / "objects" / sha[:2] / sha[2:]).exists()


def test_a_big_batch_reaches_git_as_one_pack(
    alert_ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(git_module, "PACK_MIN_FILES", 3)
    # git unpacks a small import (fewer objects than this) into loose objects again
    git(alert_ledger, "config", "fastimport.unpackLimit", "1")
    packs = set((alert_ledger / ".git" / "objects" / "pack").glob("*.pack"))
    report = Ledger.open(alert_ledger, clock=FixedClock(NOW)).alerts.ingest(payload(3))
    assert len(report.created) == 3
    assert len(set((alert_ledger / ".git" / "objects" / "pack").glob("*.pack")) - packs) == 1
    for task_id in report.created:
        sha = git(alert_ledger, "rev-parse", f"HEAD:tasks/{task_id}.yaml").strip()
        assert not loose(alert_ledger, sha)  # staging found it packed and wrote nothing
        assert git(alert_ledger, "cat-file", "-p", sha) == (
            alert_ledger / "tasks" / f"{task_id}.yaml"
        ).read_text(encoding="utf-8")
    assert git(alert_ledger, "status", "--porcelain") == ""


def test_a_small_batch_stays_loose(alert_ledger: Path) -> None:
    packs = set((alert_ledger / ".git" / "objects" / "pack").glob("*.pack"))
    [task_id] = Ledger.open(alert_ledger, clock=FixedClock(NOW)).alerts.ingest(payload(1)).created
    sha = git(alert_ledger, "rev-parse", f"HEAD:tasks/{task_id}.yaml").strip()
    assert loose(alert_ledger, sha)
    assert set((alert_ledger / ".git" / "objects" / "pack").glob("*.pack")) == packs


def test_packing_refused_by_git_changes_nothing(alert_ledger: Path, tmp_path: Path) -> None:
    ws = Ledger.open(alert_ledger).ws
    assert not ws.git.pack_blobs([b"x"] * (git_module.PACK_MIN_FILES - 1))
    broken = tmp_path / "not-a-repo"
    broken.mkdir()
    (broken / ".git").write_text("gitdir: /nonexistent\n")
    ws.git.toplevel = broken  # git cannot run here: the optimisation is skipped
    assert not ws.git.pack_blobs([b"x"] * git_module.PACK_MIN_FILES)


def test_a_failed_write_leaves_no_temp_file_and_no_task(
    alert_ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_fsync(path: str) -> None:
        raise OSError(5, "I/O error")

    monkeypatch.setattr(bulkwrite, "_fsync", broken_fsync)
    before = commit_count(alert_ledger)
    with pytest.raises(OSError, match="I/O error"):
        Ledger.open(alert_ledger, clock=FixedClock(NOW)).alerts.ingest(payload(2))
    assert commit_count(alert_ledger) == before
    assert [p.name for p in (alert_ledger / "tasks").iterdir()] == [".gitkeep"]
    assert git(alert_ledger, "status", "--porcelain") == ""
