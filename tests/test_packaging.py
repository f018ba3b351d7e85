"""What ships: schemas and templates as package data, identical to the top-level copies."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from opsledger.model.schemas import KINDS, render

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_checked_in_schemas_are_current(kind: str) -> None:
    expected = render(kind)
    assert (ROOT / "schemas" / f"{kind}.schema.json").read_text() == expected, (
        "schemas/ is stale: run opsledger schema export schemas/"
    )
    copy = ROOT / "example-repo/.opsledger/schemas" / f"{kind}.schema.json"
    assert copy.read_text() == expected, (
        "example-repo/.opsledger/schemas is stale: "
        "run opsledger schema export example-repo/.opsledger/schemas"
    )


def test_wheel_carries_schemas_templates_and_py_typed(tmp_path: Path) -> None:
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not installed")
    subprocess.run(
        [uv, "build", "--wheel", "--out-dir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("opsledger-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert "opsledger/py.typed" in names
        assert "opsledger/__main__.py" in names
        for folder in ("schemas", "templates"):
            for source in sorted((ROOT / folder).iterdir()):
                packaged = f"opsledger/_data/{folder}/{source.name}"
                assert packaged in names, packaged
                assert archive.read(packaged) == source.read_bytes(), f"{packaged} drifted"
        entry_points = archive.read(
            next(n for n in names if n.endswith("entry_points.txt"))
        ).decode()
        assert "opsledger = opsledger.cli.main:main" in entry_points
