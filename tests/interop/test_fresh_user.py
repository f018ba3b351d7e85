"""The acceptance walk of a new user, as real processes: init, task new, signed commit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import SSHKey, git, require_tool


def _opsledger(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run(
        [sys.executable, "-m", "opsledger", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_new_user_walk_with_ssh_signing(signed_git_repo: Path, ssh_signing_key: SSHKey) -> None:
    require_tool("ssh-keygen")
    repo = signed_git_repo
    assert _opsledger(repo, "init").returncode == 0
    people = repo / "people.yaml"
    people.write_text(
        "people:\n  operator:\n    email: operator@example.com\n"
        f'    signing_keys: ["{ssh_signing_key.public_key}"]\n'
    )
    added = _opsledger(
        repo, "inventory", "add", "aws/eu-west-1/prod/db/pg-07", "--kind", "database"
    )
    assert added.returncode == 0, added.stderr
    git(repo, "commit", "-qam", "who we are")
    before = int(git(repo, "rev-list", "--count", "HEAD"))
    created = _opsledger(
        repo,
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
    assert created.returncode == 0, created.stderr
    task_id = created.stdout.split()[1]
    assert (repo / "tasks" / f"{task_id}.yaml").is_file()
    assert int(git(repo, "rev-list", "--count", "HEAD")) == before + 1
    verify = subprocess.run(
        ["git", "-C", str(repo), "verify-commit", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert verify.returncode == 0, verify.stderr
    started = _opsledger(repo, "task", "start", task_id[2:6])
    assert started.returncode == 0, started.stderr
    status = _opsledger(repo, "status")
    assert "Open incidents: 1 (1 critical)" in status.stdout
    assert "My tasks (operator) (1)" in status.stdout
    bad = _opsledger(repo, "task", "block", "nothing-like-an-id")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
