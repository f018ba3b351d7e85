"""The real pre-commit runs our hook manifest on a real ledger repository.

The hook repository is a git copy of this project, so pre-commit installs the
``language: python`` hooks as it does for a user (own virtualenv, ``pip install .`` of the
clone). That environment is built once for the module; an ``opsledger`` decoy first on
PATH proves the python hooks run the installed one, not this checkout's.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import git, require_tool
from tests.interop import pre_commit_env as pc

pytestmark = pytest.mark.interop

# hook id -> the name pre-commit prints for it
VALIDATE = {
    "opsledger-validate": "opsledger validate",
    "opsledger-validate-system": "opsledger validate (installed opsledger)",
}
NAMES = {**VALIDATE, "opsledger-secrets": "opsledger secrets"}
LEAK = "x-cmd: 'mysql -u root -pHunter22 shop'\n"


@dataclass(frozen=True)
class Hooks:
    repo: Path
    rev: str
    home: Path  # PRE_COMMIT_HOME shared by the module's tests
    decoy: Path


@pytest.fixture(scope="module")
def hooks(tmp_path_factory: pytest.TempPathFactory) -> Hooks:
    """A git repository holding this project, which publishes .pre-commit-hooks.yaml."""
    require_tool("git")
    root = tmp_path_factory.mktemp("pre-commit")
    rev = pc.make_hook_repo(root / "hooks")
    return Hooks(root / "hooks", rev, root / "home", pc.make_decoy(root / "decoy"))


@pytest.fixture(scope="module")
def python_hooks(hooks: Hooks, tmp_path_factory: pytest.TempPathFactory) -> Hooks:
    """``hooks`` with pre-commit's environment for the python hooks built."""
    scratch = tmp_path_factory.mktemp("install") / "repo"
    pc.install_python_hooks(hooks.repo, hooks.rev, hooks.home, hooks.decoy, scratch)
    return hooks


@pytest.fixture(params=list(VALIDATE))
def validate_hook(request: pytest.FixtureRequest) -> str:
    if not request.param.endswith("-system"):
        request.getfixturevalue("python_hooks")
    return request.param


def _env(hooks: Hooks, hook_id: str) -> dict[str, str]:
    # A system hook runs the opsledger of this environment; a python hook must not.
    decoy = None if hook_id.endswith("-system") else hooks.decoy
    return {
        **os.environ,
        "PATH": pc.hook_path(decoy, os.environ.get("PATH", "")),
        "PRE_COMMIT_HOME": str(hooks.home),
        "OPSLEDGER_NOW": "2026-11-21T12:00:00+01:00",
    }


def _run(repo: Path, hooks: Hooks, hook_id: str, *cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(cmd),
        cwd=repo,
        env=_env(hooks, hook_id),
        capture_output=True,
        text=True,
        check=False,
    )


def _pre_commit(repo: Path, hooks: Hooks, hook_id: str, *args: str) -> tuple[int, str]:
    """Exit status and output of ``pre-commit ARGS``."""
    result = _run(repo, hooks, hook_id, pc.pre_commit_tool(), *args)
    return result.returncode, result.stdout + result.stderr


def _ledger(git_repo: Path, hooks: Hooks, *hook_ids: str) -> Path:
    """example-repo/ as an ops repository whose pre-commit config uses ``hook_ids``."""
    shutil.copytree(pc.ROOT / "example-repo", git_repo, dirs_exist_ok=True)
    (git_repo / ".pre-commit-config.yaml").write_text(pc.config(hooks.repo, hooks.rev, *hook_ids))
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "ledger")
    return git_repo


@pytest.fixture
def ledger_repo(git_repo: Path, hooks: Hooks, validate_hook: str) -> Path:
    return _ledger(git_repo, hooks, validate_hook)


def _verdict(output: str, hook_id: str) -> str:
    """``Passed``/``Failed``/... from pre-commit's status line for ``hook_id``."""
    found = re.search(rf"^{re.escape(NAMES[hook_id])}\.+(\w+)$", output, re.M)
    assert found, output
    return found.group(1)


def test_all_files_pass_on_the_example_ledger(
    ledger_repo: Path, hooks: Hooks, validate_hook: str
) -> None:
    code, output = _pre_commit(ledger_repo, hooks, validate_hook, "run", "--all-files")
    assert code == 0, output
    assert _verdict(output, validate_hook) == "Passed"


def test_a_broken_copy_fails_and_names_the_line(
    ledger_repo: Path, hooks: Hooks, validate_hook: str
) -> None:
    task = next((ledger_repo / "tasks").glob("T-*.yaml"))
    task.write_text(task.read_text().replace("\ntitle:", "\ntitel:", 1))
    git(ledger_repo, "add", "-A")
    code, output = _pre_commit(ledger_repo, hooks, validate_hook, "run", "--all-files")
    assert code == 1, output
    assert _verdict(output, validate_hook) == "Failed"
    assert f"tasks/{task.name}:" in output
    assert "unknown field 'titel'" in output and "[OL103]" in output


def test_the_commit_hook_checks_only_staged_ledger_files(
    ledger_repo: Path, hooks: Hooks, validate_hook: str
) -> None:
    assert _pre_commit(ledger_repo, hooks, validate_hook, "install")[0] == 0
    good = ledger_repo / "tasks/T-ccccdddd.yaml"
    good.write_text("id: T-ccccdddd\ntitle: New task\ncreated: 2026-11-21T10:00:00+01:00\n")
    (ledger_repo / "notes.txt").write_text("not a ledger file\n")
    git(ledger_repo, "add", "-A")
    # git runs the installed hook and shows its output on stderr
    ok = _run(ledger_repo, hooks, validate_hook, "git", "commit", "-q", "-m", "good")
    assert ok.returncode == 0, ok.stderr
    assert _verdict(ok.stderr, validate_hook) == "Passed"
    good.write_text(good.read_text() + "assignee: nobody\n")
    git(ledger_repo, "add", "-A")
    bad = _run(ledger_repo, hooks, validate_hook, "git", "commit", "-q", "-m", "bad")
    assert bad.returncode == 1, bad.stderr
    assert "tasks/T-ccccdddd.yaml:4:11: error: unknown person 'nobody'" in bad.stderr
    assert git(ledger_repo, "log", "-1", "--format=%s").strip() == "good"


def test_the_secrets_hook_refuses_a_plaintext_password(git_repo: Path, python_hooks: Hooks) -> None:
    repo = _ledger(git_repo, python_hooks, "opsledger-secrets")
    code, clean = _pre_commit(repo, python_hooks, "opsledger-secrets", "run", "--all-files")
    assert code == 0, clean
    assert _verdict(clean, "opsledger-secrets") == "Passed"
    (repo / "tasks/leak.yaml").write_text(LEAK)
    git(repo, "add", "-A")
    code, leak = _pre_commit(repo, python_hooks, "opsledger-secrets", "run")
    assert code == 1, leak
    assert _verdict(leak, "opsledger-secrets") == "Failed"
    assert "tasks/leak.yaml:1:" in leak and "OL302" in leak
    assert "Hunter22" not in leak
