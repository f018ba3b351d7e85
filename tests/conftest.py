"""Shared fixtures: golden files, isolated git repositories, ssh signing keys."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import TEST_EMAIL, TEST_NAME, SSHKey, git, require_tool

GoldenCheck = Callable[[Path, str], None]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite golden files with the actual output instead of comparing",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> GoldenCheck:
    """``check(path, actual)``: compare ``actual`` with a golden file.

    A relative path is taken from the ``golden/`` folder next to the test module. With
    ``--update-goldens`` the file is (re)written instead; a missing golden fails otherwise.
    """
    update = bool(request.config.getoption("--update-goldens"))
    base = Path(request.path).parent / "golden"

    def check(path: Path, actual: str) -> None:
        target = path if path.is_absolute() else base / path
        if update:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(actual, encoding="utf-8", newline="")
            return
        if not target.exists():
            pytest.fail(f"golden file {target} is missing; create it with --update-goldens")
        with target.open(encoding="utf-8", newline="") as f:
            expected = f.read()
        assert actual == expected, f"output differs from {target} (--update-goldens rewrites)"

    return check


@pytest.fixture
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private HOME so the user's git, gpg and XDG config cannot leak into a test."""
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    for name in list(os.environ):
        # A test run from inside a git hook inherits GIT_DIR, GIT_INDEX_FILE and friends.
        if name.startswith("GIT_") or name == "EMAIL":
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GNUPGHOME", str(home / ".gnupg"))
    return home


@pytest.fixture
def git_repo(tmp_path: Path, isolated_home: Path) -> Path:
    """A fresh ``git init -b main`` work tree (no commits) with a local identity."""
    require_tool("git")
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    git(repo, "config", "user.name", TEST_NAME)
    git(repo, "config", "user.email", TEST_EMAIL)
    return repo


@pytest.fixture(scope="session")
def ssh_signing_key(tmp_path_factory: pytest.TempPathFactory) -> SSHKey:
    """A real ed25519 key pair (no passphrase) and an allowed-signers file for it."""
    keygen = require_tool("ssh-keygen")
    folder = tmp_path_factory.mktemp("sshkey")
    private = folder / "id_ed25519"
    subprocess.run(
        [keygen, "-q", "-t", "ed25519", "-N", "", "-C", TEST_EMAIL, "-f", str(private)],
        check=True,
    )
    public = folder / "id_ed25519.pub"
    public_key = public.read_text(encoding="utf-8").strip()
    allowed = folder / "allowed_signers"
    allowed.write_text(f"{TEST_EMAIL} {public_key}\n", encoding="utf-8")
    return SSHKey(private, public, public_key, allowed, TEST_EMAIL)


@pytest.fixture
def signed_git_repo(git_repo: Path, ssh_signing_key: SSHKey) -> Path:
    """``git_repo`` that signs every commit with ``ssh_signing_key`` (gpg.format=ssh)."""
    git(git_repo, "config", "gpg.format", "ssh")
    git(git_repo, "config", "user.signingkey", str(ssh_signing_key.private))
    git(git_repo, "config", "commit.gpgsign", "true")
    git(git_repo, "config", "gpg.ssh.allowedSignersFile", str(ssh_signing_key.allowed_signers))
    return git_repo
