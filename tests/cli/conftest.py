"""A small real ledger in a real git repo, and a way to run the CLI in-process."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from opsledger.cli.main import main
from tests.helpers import TEST_EMAIL, git

PEOPLE = f"""# the on-call crew
people:
  operator:
    name: Test Operator
    email: {TEST_EMAIL}
    teams: [sre]
  olivia:
    name: Olivia Chen
    email: olivia@example.com
    teams: [sre, dba]
teams:
  sre: {{capacity: 2}}
  dba: {{}}
bots:
  ci: {{email: ci@example.com}}
"""

INVENTORY = """components:
  aws/eu-west-1/prod/db/pg-07: {kind: database, env: prod, owner: team:dba, client: acme}
  aws/eu-west-1/prod/db/pg-08: {kind: database, provider: aws, env: prod, client: acme}
  onprem/dc1/net/core-sw-1: {kind: network, decommissioned: 2026-09-01}
"""


@dataclass
class Result:
    code: int
    out: str
    err: str


Runner = Callable[..., Result]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Runner:
    """``run("task", "new", "x", input="...")`` → Result(code, out, err), in-process."""

    def invoke(*args: str, input: str | None = None) -> Result:
        capsys.readouterr()
        if input is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(input))
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def ledger_dir(git_repo: Path, run: Runner, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An initialised ledger (Europe/Berlin) with people and inventory, all committed."""
    monkeypatch.chdir(git_repo)
    monkeypatch.delenv("OPSLEDGER_NOW", raising=False)
    monkeypatch.delenv("OPSLEDGER_USER", raising=False)
    monkeypatch.delenv("OPSLEDGER_COMMIT", raising=False)
    monkeypatch.delenv("OPSLEDGER_DIR", raising=False)
    result = run("init", "--timezone", "Europe/Berlin", "--name", "acme-ops")
    assert result.code == 0, result.err
    (git_repo / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    (git_repo / "inventory.yaml").write_text(INVENTORY, encoding="utf-8")
    git(git_repo, "add", "people.yaml", "inventory.yaml")
    git(git_repo, "commit", "-q", "-m", "people and inventory")
    return git_repo


def commit_count(repo: Path) -> int:
    return int(git(repo, "rev-list", "--count", "HEAD").strip())


def task_file(repo: Path, task_id: str) -> Path:
    return repo / "tasks" / f"{task_id}.yaml"


def created_id(result: Result) -> str:
    assert result.code == 0, result.err
    return result.out.split()[1]
