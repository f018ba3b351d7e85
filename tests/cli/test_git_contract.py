"""DESIGN 4 through the CLI: only our files, signing, --no-commit, --now, concurrency."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.cli.conftest import Runner, commit_count, created_id, task_file
from tests.helpers import SSHKey, git


def test_unrelated_user_work_is_neither_committed_nor_lost(ledger_dir: Path, run: Runner) -> None:
    (ledger_dir / "notes.md").write_text("staged draft\n")
    git(ledger_dir, "add", "notes.md")
    inventory = ledger_dir / "inventory.yaml"
    inventory.write_text(inventory.read_text() + "# unsaved thought\n")
    task_id = created_id(run("task", "new", "Only me"))
    files = git(ledger_dir, "show", "--name-only", "--format=", "HEAD").split()
    assert files == [f"tasks/{task_id}.yaml"]
    status = git(ledger_dir, "status", "--porcelain").splitlines()
    assert "A  notes.md" in status
    assert " M inventory.yaml" in status
    assert inventory.read_text().endswith("# unsaved thought\n")


def test_no_commit_leaves_changes_in_the_work_tree(ledger_dir: Path, run: Runner) -> None:
    before = commit_count(ledger_dir)
    task_id = created_id(run("--no-commit", "task", "new", "For a PR"))
    assert commit_count(ledger_dir) == before
    assert task_file(ledger_dir, task_id).exists()
    assert f"?? tasks/{task_id}.yaml" in git(ledger_dir, "status", "--porcelain")


def test_commit_env_zero_also_skips_commits(ledger_dir: Path, run: Runner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OPSLEDGER_COMMIT", "0")
    before = commit_count(ledger_dir)
    created_id(run("task", "new", "For a PR"))
    assert commit_count(ledger_dir) == before


def test_now_is_honoured_in_every_timestamp(ledger_dir: Path, run: Runner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OPSLEDGER_NOW", "2026-07-01T08:00:00Z")
    task_id = created_id(run("task", "new", "Summer task"))
    run("task", "start", task_id)
    data = json.loads(run("show", task_id, "--json").out)
    assert data["created"] == "2026-07-01T10:00:00+02:00"
    assert data["started_at"] == "2026-07-01T10:00:00+02:00"
    assert data["events"][0]["at"] == "2026-07-01T10:00:00+02:00"


def test_signed_commits_verify(
    signed_git_repo: Path, ssh_signing_key: SSHKey, run: Runner, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(signed_git_repo)
    assert run("init").code == 0
    config = signed_git_repo / "opsledger.yaml"
    config.write_text(config.read_text().replace("signing: optional", "signing: required"))
    people = signed_git_repo / "people.yaml"
    people.write_text(
        "people:\n  operator:\n    email: operator@example.com\n"
        f'    signing_keys: ["{ssh_signing_key.public_key}"]\n'
    )
    git(signed_git_repo, "commit", "-qam", "require signing")
    task_id = created_id(run("task", "new", "Signed work"))
    verify = subprocess.run(
        ["git", "-C", str(signed_git_repo), "verify-commit", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert verify.returncode == 0, verify.stderr
    assert "Good" in verify.stderr
    allowed = (signed_git_repo / ".git/opsledger/_root/cache/allowed_signers").read_text()
    assert allowed == f"operator@example.com {ssh_signing_key.public_key}\n"
    assert task_file(signed_git_repo, task_id).exists()


def test_required_signing_without_a_key_writes_nothing(ledger_dir: Path, run: Runner) -> None:
    config = ledger_dir / "opsledger.yaml"
    config.write_text(config.read_text().replace("signing: optional", "signing: required"))
    git(ledger_dir, "commit", "-qam", "require signing")
    before = commit_count(ledger_dir)
    result = run("task", "new", "Unsigned")
    assert result.code == 1
    assert "Traceback" not in result.err
    assert commit_count(ledger_dir) == before
    assert list((ledger_dir / "tasks").glob("T-*")) == []
    assert git(ledger_dir, "status", "--porcelain") == ""


def test_twenty_concurrent_writers_lose_nothing(ledger_dir: Path, run: Runner) -> None:
    task_id = created_id(run("task", "new", "Busy task"))
    before = commit_count(ledger_dir)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "opsledger",
                "-C",
                str(ledger_dir),
                "task",
                "comment",
                task_id,
                f"note {n}",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(20)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    assert commit_count(ledger_dir) == before + 20
    data = json.loads(run("show", task_id, "--json").out)
    assert sorted(e["text"] for e in data["events"]) == sorted(f"note {n}" for n in range(20))
    assert git(ledger_dir, "status", "--porcelain") == ""
