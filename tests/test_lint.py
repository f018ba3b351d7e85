"""The code stays clean: ruff lint and format, and pyright strict on src/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_lint() -> None:
    proc = _run(str(BIN / "ruff"), "check", "src", "tests", "bench")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_format() -> None:
    proc = _run(str(BIN / "ruff"), "format", "--check", "src", "tests", "bench")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_pyright_strict_on_src() -> None:
    if shutil.which("node") is None:
        pytest.skip("pyright needs node")
    proc = _run(str(BIN / "pyright"), "src")
    assert proc.returncode == 0, proc.stdout[-4000:]
