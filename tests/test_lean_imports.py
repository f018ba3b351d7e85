"""The read commands stay lean on a warm index: no pydantic, GitPython, pyrage or jinja2
(DESIGN 6). Checked in a fresh interpreter, since this test process imports everything."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.index.ledger_gen import init_repo, write_ledger

HEAVY = ("pydantic", "git", "pyrage", "jinja2")
LEAN_EXTRA = (*HEAVY, "click", "subprocess", "dataclasses", "inspect", "yaml")
PROBE = """
import json, sys
from opsledger.cli.main import main
code = main(sys.argv[1:])
loaded = sorted({m.split(".")[0] for m in sys.modules} & set(json.loads(sys.stdin.read())))
print(json.dumps({"code": code, "heavy": loaded}), file=sys.stderr)
"""


@pytest.fixture(scope="module")
def warm_ledger(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("lean") / "ledger"
    tasks = write_ledger(root, 20, seed=11)
    init_repo(root)
    for path in root.rglob("*.yaml"):  # written a while ago: not racy, so never re-read
        os.utime(path, (path.stat().st_atime - 60, path.stat().st_mtime - 60))
    _probe(root, "list")  # builds the index: the runs below find it warm
    return root, tasks[0]["id"]


def _probe(root: Path, *args: str, heavy: tuple[str, ...] = HEAVY) -> dict[str, object]:
    env = {**os.environ, "OPSLEDGER_USER": "olivia", "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=root,
        input=json.dumps(heavy),
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return json.loads(proc.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "args",
    [
        ("list", "is:open priority:>=high -tag:noise"),
        ("list", "--in", "windows"),
        ("search", "disk full"),
        ("search", "--in", "commands", "restart host:pg-07"),
        ("status",),
        ("show", "{id}"),
    ],
)
def test_read_commands_do_not_import_heavy_libraries(
    warm_ledger: tuple[Path, str], args: tuple[str, ...]
) -> None:
    root, task_id = warm_ledger
    result = _probe(root, *(a.format(id=task_id) for a in args))
    assert result == {"code": 0, "heavy": []}


@pytest.mark.parametrize(
    "args",
    [
        ("list", "is:open priority:>=high -tag:noise"),
        ("search", "disk full"),
        ("search", "--in", "commands", "restart host:pg-07"),
        ("show", "{id}"),
        ("show", "{id}", "--json"),
        ("list", "is:open", "--format", "json"),
        ("status",),
    ],
)
def test_the_budgeted_queries_import_even_less(
    warm_ledger: tuple[Path, str], args: tuple[str, ...]
) -> None:
    """The commands with a 75 ms budget, and status: no click, no subprocess, no
    dataclasses, no YAML parser (each about 10 ms to import on the reference machine)."""
    root, task_id = warm_ledger
    result = _probe(root, *(a.format(id=task_id) for a in args), heavy=LEAN_EXTRA)
    assert result == {"code": 0, "heavy": []}


def test_the_probe_would_see_a_heavy_import(warm_ledger: tuple[Path, str]) -> None:
    """The check itself works: a command that needs pydantic is caught importing it."""
    root, _ = warm_ledger
    assert "pydantic" in _probe(root, "schema", "export", "--kind", "task")["heavy"]  # type: ignore[operator]


def test_printing_rows_does_not_need_click() -> None:
    """cli.output imports click only for its option decorator: a read path without click
    (a dispatcher in front of it) can print through it."""
    probe = (
        "import sys\n"
        "from opsledger.cli.output import emit_rows\n"
        "emit_rows([{'id': 'T-1'}], ('id',), 'table')\n"
        "print('click' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert proc.stdout.splitlines() == ["ID", "T-1", "False"]
