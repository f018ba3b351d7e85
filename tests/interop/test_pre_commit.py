"""The real pre-commit runs our hook manifest on a real ledger repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import git, require_tool

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.interop


def _pre_commit(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    tool = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or require_tool(
        "pre-commit"
    )
    env = {
        **os.environ,
        # the system hook runs the opsledger of this environment
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"),
        "OPSLEDGER_NOW": "2026-11-21T12:00:00+01:00",
    }
    return subprocess.run(
        [tool, *args], cwd=repo, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture
def hook_repo(tmp_path: Path, isolated_home: Path) -> tuple[Path, str]:
    """A git repository publishing this project's .pre-commit-hooks.yaml."""
    repo = tmp_path / "hooks"
    repo.mkdir()
    shutil.copy(ROOT / ".pre-commit-hooks.yaml", repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".pre-commit-hooks.yaml")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "hooks")
    return repo, git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture
def ledger_repo(git_repo: Path, hook_repo: tuple[Path, str]) -> Path:
    """example-repo/ as an ops repository whose pre-commit config uses the hook repo."""
    shutil.copytree(ROOT / "example-repo", git_repo, dirs_exist_ok=True)
    path, rev = hook_repo
    (git_repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {path}\n    rev: {rev}\n"
        "    hooks:\n      - id: opsledger-validate-system\n"
    )
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "ledger")
    return git_repo


def test_all_files_pass_on_the_example_ledger(ledger_repo: Path) -> None:
    result = _pre_commit(ledger_repo, "run", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "opsledger validate (installed opsledger)" in result.stdout
    assert "Passed" in result.stdout


def test_a_broken_copy_fails_and_names_the_line(ledger_repo: Path) -> None:
    task = next((ledger_repo / "tasks").glob("T-*.yaml"))
    text = task.read_text()
    task.write_text(text.replace("\ntitle:", "\ntitel:", 1))
    git(ledger_repo, "add", "-A")
    result = _pre_commit(ledger_repo, "run", "--all-files")
    assert result.returncode == 1, result.stdout
    assert f"tasks/{task.name}:" in result.stdout
    assert "unknown field 'titel'" in result.stdout and "[OL103]" in result.stdout


def test_on_commit_only_staged_ledger_files_are_checked(ledger_repo: Path) -> None:
    _pre_commit(ledger_repo, "install")
    good = ledger_repo / "tasks/T-ccccdddd.yaml"
    good.write_text("id: T-ccccdddd\ntitle: New task\ncreated: 2026-11-21T10:00:00+01:00\n")
    (ledger_repo / "notes.txt").write_text("not a ledger file\n")
    git(ledger_repo, "add", "-A")
    ok = _pre_commit(ledger_repo, "run")
    assert ok.returncode == 0, ok.stdout
    good.write_text(good.read_text() + "assignee: nobody\n")
    git(ledger_repo, "add", "-A")
    bad = _pre_commit(ledger_repo, "run")
    assert bad.returncode == 1
    assert "tasks/T-ccccdddd.yaml:4:11: error: unknown person 'nobody'" in bad.stdout
