"""Helpers shared by the tests (fixtures live in conftest.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

TEST_NAME = "Test Operator"
TEST_EMAIL = "operator@example.com"


def require_tool(name: str) -> str:
    """The path of program ``name``; skip the test without it.

    With OPSLEDGER_REQUIRE_INTEROP=1 (CI) a missing program fails the test instead, so
    interop coverage cannot vanish silently.
    """
    found = shutil.which(name)
    if found is not None:
        return found
    message = f"{name} is not installed"
    if os.environ.get("OPSLEDGER_REQUIRE_INTEROP") == "1":
        pytest.fail(f"{message} (OPSLEDGER_REQUIRE_INTEROP=1)")
    pytest.skip(message)


def git(repo: Path, *args: str, check: bool = True, input: str | None = None) -> str:
    """Run real git in ``repo`` for test setup and inspection; returns stdout."""
    proc = subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        text=True,
        input=input,
        env={**os.environ, "LC_ALL": "C"},
        check=False,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr.strip()}")
    return proc.stdout


@dataclass(frozen=True)
class SSHKey:
    """An ed25519 key pair made by ssh-keygen, with an allowed-signers file for it."""

    private: Path
    public: Path
    public_key: str  # "ssh-ed25519 AAAA... comment"
    allowed_signers: Path  # one line: "<email> <public_key>"
    email: str
