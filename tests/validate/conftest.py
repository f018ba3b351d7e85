"""Fixture ledgers for the validator: a clean base plus one broken overlay per check."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import run  # noqa: F401 - the in-process CLI fixture
from tests.helpers import git

LEDGERS = Path(__file__).resolve().parent / "ledgers"
NOW = "2026-11-21T12:00:00+01:00"
CASES = sorted(p.name for p in LEDGERS.iterdir() if p.name != "_base")

MakeLedger = Callable[..., Path]


@pytest.fixture
def make_ledger(git_repo: Path, monkeypatch: pytest.MonkeyPatch) -> MakeLedger:
    """``make_ledger("ol101-unknown-component", commit=False)``: the base ledger committed,
    then the case's files laid over it (uncommitted unless ``commit``)."""
    for name in ("OPSLEDGER_NOW", "OPSLEDGER_USER", "OPSLEDGER_DIR", "OPSLEDGER_COMMIT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(git_repo)

    def make(case: str | None = None, *, commit: bool = False) -> Path:
        shutil.copytree(LEDGERS / "_base", git_repo, dirs_exist_ok=True)
        git(git_repo, "add", "-A")
        git(git_repo, "commit", "-q", "-m", "base ledger")
        if case is not None:
            shutil.copytree(LEDGERS / case, git_repo, dirs_exist_ok=True)
            if commit:
                git(git_repo, "add", "-A")
                git(git_repo, "commit", "-q", "-m", case)
        return git_repo

    return make
