"""The layering of docs/architecture.md holds: import-linter contracts and library chokepoints."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "opsledger"

# outside library -> the modules (or packages, ending in /) allowed to import it
CHOKEPOINTS = {
    "ruamel": ["store/yamlio.py"],
    "yaml": ["store/pyyaml.py"],
    "git": ["store/git.py"],
    "pyrage": ["crypto/"],
    "click": ["cli/"],
    "pydantic": ["model/", "store/modelcheck.py"],
    "jinja2": ["render.py"],
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_import_linter_contracts_hold() -> None:
    lint = Path(sys.executable).parent / "lint-imports"
    proc = subprocess.run(
        [str(lint)], capture_output=True, text=True, check=False, cwd=SRC.parent.parent
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("library", sorted(CHOKEPOINTS))
def test_one_chokepoint_per_outside_library(library: str) -> None:
    allowed = CHOKEPOINTS[library]
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if library in _imports(path) and not any(
            rel == a or (a.endswith("/") and rel.startswith(a)) for a in allowed
        ):
            offenders.append(rel)
    assert offenders == [], f"{library} imported outside {allowed}: {offenders}"
