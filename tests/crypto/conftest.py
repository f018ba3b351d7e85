"""A ledger with real age identities for three readers, and helpers to inspect it."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from opsledger.crypto.keygen import create_identity
from tests.cli import conftest as cli_fixtures
from tests.cli.conftest import PEOPLE, Runner
from tests.helpers import git

ledger_dir = cli_fixtures.ledger_dir
run = cli_fixtures.run

RULES = """
encryption:
  rules:                          # first match wins
    - {path: "policies/**", recipients: [olivia]}
    - {path: "tasks/**", recipients: [team:sre, bot:ci]}
    - {path: "**", recipients: [team:sre]}
secret_fields: ["policies/notify.yaml:channels.*.url", "**.password"]
"""

NOTIFY = """# where notifications go
channels:
  sre-slack: {url: "https://hooks.example.com/T000/B000"}
"""


@dataclass(frozen=True)
class Keys:
    me: Path  # operator's identity (the default ~/.config/opsledger/identity.txt)
    me_public: str
    olivia: Path
    olivia_public: str
    ci: Path
    ci_public: str


@pytest.fixture
def keys(isolated_home: Path, tmp_path: Path) -> Keys:
    env = {"HOME": str(isolated_home), "XDG_CONFIG_HOME": str(isolated_home / ".config")}
    me, me_public = create_identity(env)
    olivia, olivia_public = create_identity(env, tmp_path / "keys" / "olivia.txt")
    ci, ci_public = create_identity(env, tmp_path / "keys" / "ci.txt")
    return Keys(me, me_public, olivia, olivia_public, ci, ci_public)


def people_with_keys(keys: Keys) -> str:
    text = PEOPLE.replace(
        "    teams: [sre]\n", f"    teams: [sre]\n    age: {keys.me_public}\n", 1
    ).replace("    teams: [sre, dba]\n", f"    teams: [sre, dba]\n    age: {keys.olivia_public}\n")
    return text.replace(
        "ci: {email: ci@example.com}", f"ci: {{email: ci@example.com, age: {keys.ci_public}}}"
    )


@pytest.fixture
def secret_ledger(
    ledger_dir: Path,
    keys: Keys,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """ledger_dir with age keys in people.yaml, encryption rules and a notify policy."""
    monkeypatch.delenv("OPSLEDGER_AGE_IDENTITY", raising=False)
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    (ledger_dir / "people.yaml").write_text(people_with_keys(keys), encoding="utf-8")
    config = ledger_dir / "opsledger.yaml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"^encryption:\n  rules: \[\].*\n", "", text, flags=re.M)
    text = re.sub(r"^secret_fields: \[\]\n", "", text, flags=re.M)
    config.write_text(text + RULES, encoding="utf-8")
    (ledger_dir / "policies").mkdir(exist_ok=True)
    (ledger_dir / "policies" / "notify.yaml").write_text(NOTIFY, encoding="utf-8")
    git(ledger_dir, "add", "-A")
    git(ledger_dir, "commit", "-q", "-m", "keys and rules")
    return ledger_dir


def new_task(run: Runner, title: str = "Rotate the pg-07 password") -> str:
    result = run("task", "new", title)
    assert result.code == 0, result.err
    return result.out.split()[1]


def set_secret(run: Runner, target: str, field: str, value: str, *extra: str) -> None:
    result = run("secret", "set", target, field, *extra, input=value + "\n")
    assert result.code == 0, result.err


def grep_tree(root: Path, needle: str) -> list[str]:
    """Every file under ``root`` (``.git`` included, objects decompressed by git) holding needle."""
    hits: list[str] = []
    raw = needle.encode()
    for path in root.rglob("*"):
        if path.is_file() and raw in path.read_bytes():
            hits.append(str(path))
    if not (root / ".git").exists():
        return hits
    # Objects are compressed on disk: ask git for the content of every one of them.
    contents = subprocess.run(
        ["git", "-C", str(root), "cat-file", "--batch-all-objects", "--batch"],
        capture_output=True,
        check=True,
    ).stdout
    if raw in contents:
        hits.append(".git objects")
    return hits
