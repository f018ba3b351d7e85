"""A hook repository that is a git copy of this project, and pre-commit's environment for it.

pre-commit installs a ``language: python`` hook by cloning the hook repository, making a
virtualenv and running ``pip install .`` in the clone, so the copy holds what the build
backend reads (pyproject.toml names it all) and pip fetches the build backend and the
dependencies from the package index the environment configures.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.helpers import require_tool

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent

# Taken at import, before a test isolates HOME: pip must see the user's own configuration
# (index, certificates, proxy) when pre-commit installs the hook. GIT_* comes from a test
# run started inside a git hook and would point git at the wrong repository.
STARTUP_ENV = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}

# What pip prints when it cannot reach the index. "No matching distribution found" only
# for the build backend (``_backend_missing``), which any working index has and pip may
# say nothing else about: for a dependency it can be a misspelled or over-pinned one.
_INDEX_TROUBLE = (
    "Failed to establish a new connection",
    "Connection refused",
    "Max retries exceeded",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "ProxyError",
)

_DECOY = """#!/bin/sh
echo "the opsledger on PATH ran, not the one pre-commit installed" >&2
exit 97
"""


def _backend_missing() -> str:
    """pip's message when it finds no build backend (the first of build-system.requires)."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    backend = re.split(r"[\s\[<>=!~;]", pyproject["build-system"]["requires"][0])[0]
    return f"No matching distribution found for {backend}"


def pre_commit_tool() -> str:
    """The pre-commit of this environment (a dev dependency), else the one on PATH."""
    return shutil.which("pre-commit", path=str(VENV_BIN)) or require_tool("pre-commit")


def build_inputs() -> list[str]:
    """Top-level names of the project that ``pip install .`` needs, read from pyproject."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wheel = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]
    names = {"pyproject.toml", ".pre-commit-hooks.yaml", pyproject["project"]["readme"]}
    names.update(path.split("/")[0] for path in wheel["packages"])
    names.update(path.split("/")[0] for path in wheel.get("force-include", {}))
    return sorted(names)


def make_hook_repo(repo: Path) -> str:
    """Copy the project's build inputs into a new git repository ``repo``; return its rev."""
    repo.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in build_inputs():
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=ignore)
        else:
            shutil.copy2(source, repo / name)
    identity = ("-c", "user.name=Hooks", "-c", "user.email=hooks@example.com")
    for args in (
        ("init", "-q", "-b", "main"),
        ("add", "-A"),
        (*identity, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "hooks"),
    ):
        _setup_git(repo, *args)
    return _setup_git(repo, "rev-parse", "HEAD").strip()


def make_decoy(folder: Path) -> Path:
    """A folder whose ``opsledger`` fails loudly; put first on PATH for python hooks."""
    folder.mkdir()
    decoy = folder / "opsledger"
    decoy.write_text(_DECOY, encoding="utf-8")
    decoy.chmod(0o755)
    return folder


def hook_path(decoy: Path | None, base: str) -> str:
    """PATH for a hook run: this venv's bin (its opsledger, its python3.x), decoy first."""
    parts = [str(decoy)] if decoy is not None else []
    return os.pathsep.join([*parts, str(VENV_BIN), base])


def config(repo: Path, rev: str, *hook_ids: str) -> str:
    """A .pre-commit-config.yaml using ``hook_ids`` of the hook repository ``repo``."""
    hooks = "".join(f"      - id: {hook_id}\n" for hook_id in hook_ids)
    return f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n{hooks}"


def install_python_hooks(repo: Path, rev: str, home: Path, decoy: Path, scratch: Path) -> None:
    """Let pre-commit build the python hooks' environment in ``home`` (done once).

    An unreachable package index fails the test under OPSLEDGER_REQUIRE_INTEROP=1 and
    skips it otherwise; any other install failure (a packaging bug) always fails.
    """
    scratch.mkdir()
    _setup_git(scratch, "init", "-q", "-b", "main")
    (scratch / ".pre-commit-config.yaml").write_text(
        config(repo, rev, "opsledger-validate", "opsledger-secrets"), encoding="utf-8"
    )
    env = {
        **STARTUP_ENV,
        "PRE_COMMIT_HOME": str(home),
        "PATH": hook_path(decoy, STARTUP_ENV.get("PATH", "")),
    }
    proc = subprocess.run(
        [pre_commit_tool(), "install-hooks"],
        cwd=scratch,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode == 0:
        return
    output = proc.stdout + proc.stderr
    if not any(sign in output for sign in (*_INDEX_TROUBLE, _backend_missing())):
        pytest.fail(f"pre-commit could not install the hook repository:\n{output}")
    pip_errors = [line.strip() for line in output.splitlines() if "ERROR:" in line]
    message = (
        "pre-commit could not install the python hooks: pip cannot reach the package index "
        f"or it lacks a requirement ({'; '.join(pip_errors[-2:]) or output[-300:]})"
    )
    if os.environ.get("OPSLEDGER_REQUIRE_INTEROP") == "1":
        pytest.fail(f"{message} (OPSLEDGER_REQUIRE_INTEROP=1)")
    pytest.skip(message)


def _setup_git(repo: Path, *args: str) -> str:
    # No user or system git config: a global commit hook or signing must not run here.
    env = {
        **STARTUP_ENV,
        "LC_ALL": "C",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    proc = subprocess.run(
        ["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr.strip()}")
    return proc.stdout
