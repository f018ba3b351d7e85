from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Runner, commit_count
from tests.helpers import git


def test_init_in_an_empty_git_repo_makes_one_commit(git_repo: Path, run: Runner) -> None:
    result = run("-C", str(git_repo), "init", "--timezone", "Europe/Berlin")
    assert result.code == 0, result.err
    for name in (
        "opsledger.yaml",
        "people.yaml",
        "inventory.yaml",
        "policies/sla.yaml",
        "policies/alerts.yaml",
        "policies/billing.yaml",
        ".opsledger/schemas/task.schema.json",
    ):
        assert (git_repo / name).is_file(), name
    assert commit_count(git_repo) == 1
    assert git(git_repo, "status", "--porcelain") == ""
    config = (git_repo / "opsledger.yaml").read_text()
    assert config.startswith(
        "# yaml-language-server: $schema=.opsledger/schemas/config.schema.json"
    )
    assert "timezone: Europe/Berlin" in config
    assert (
        (git_repo / "policies/sla.yaml")
        .read_text()
        .startswith("# yaml-language-server: $schema=../.opsledger/schemas/sla.schema.json")
    )
    subject = git(git_repo, "log", "-1", "--format=%s").strip()
    assert subject == "ledger(repo): init create a new ledger"
    status = run("-C", str(git_repo), "status")
    assert status.code == 0, status.err
    assert "Open tasks: 0" in status.out


def test_init_twice_is_refused(git_repo: Path, run: Runner) -> None:
    assert run("-C", str(git_repo), "init").code == 0
    again = run("-C", str(git_repo), "init")
    assert again.code == 1
    assert "already exists" in again.err


def test_init_outside_git_says_so(tmp_path: Path, run: Runner, isolated_home: Path) -> None:
    result = run("-C", str(tmp_path), "init")
    assert result.code == 1
    assert "git" in result.err and "Traceback" not in result.err


def test_init_rejects_an_unknown_timezone(git_repo: Path, run: Runner) -> None:
    result = run("-C", str(git_repo), "init", "--timezone", "Mars/Olympus")
    assert result.code == 2
    assert "unknown timezone" in result.err


def test_a_ledger_in_a_subdirectory_of_a_monorepo(git_repo: Path, run: Runner) -> None:
    (git_repo / "app").mkdir()
    (git_repo / "app" / "main.py").write_text("print('hi')\n")
    git(git_repo, "add", "app")
    git(git_repo, "commit", "-q", "-m", "app")
    assert run("-C", str(git_repo), "init", "ops").code == 0
    assert (git_repo / "ops" / "opsledger.yaml").is_file()
    created = run("-C", str(git_repo / "ops"), "task", "new", "Rotate TLS certs")
    assert created.code == 0, created.err
    task_id = created.out.split()[1]
    assert (git_repo / "ops" / "tasks" / f"{task_id}.yaml").is_file()
    files = git(git_repo, "show", "--name-only", "--format=", "HEAD").split()
    assert files == [f"ops/tasks/{task_id}.yaml"]
    assert (git_repo / ".git" / "opsledger" / "ops" / "state" / "lock").exists()
