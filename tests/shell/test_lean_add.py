"""Recording a command stays lean (its budget is DESIGN 7's): ``cmd add`` and ``cmd flush``
import neither pydantic, ruamel.yaml, GitPython, pyrage nor jinja2. Checked in a fresh
interpreter, since this test process imports everything."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.cli.conftest import Runner, created_id, ledger_dir, run  # noqa: F401  (fixtures shared with tests/cli)
from tests.cli.test_cmd_flush import rec, spool_of

HEAVY = ("pydantic", "ruamel", "git", "pyrage", "jinja2")
PROBE = """
import json, sys
from opsledger.cli.main import main
code = main(sys.argv[1:])
loaded = sorted({m.split(".")[0] for m in sys.modules} & set(json.loads(sys.stdin.read())))
print(json.dumps({"code": code, "heavy": loaded}), file=sys.stderr)
"""


def probe(root: Path, *args: str) -> dict[str, object]:
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=root, input=json.dumps(HEAVY),
                          capture_output=True, text=True, check=False)  # fmt: skip
    return json.loads(proc.stderr.strip().splitlines()[-1])


def test_add_and_flush_import_no_heavy_library(ledger_dir: Path, run: Runner) -> None:  # noqa: F811
    task_id = created_id(run("task", "new", "lean"))
    added = probe(ledger_dir, "cmd", "add", task_id, "--exit", "0", "--", "PGPASSWORD=x psql")
    assert added == {"code": 0, "heavy": []}
    spool_of(ledger_dir).parent.mkdir(parents=True, exist_ok=True)
    spool_of(ledger_dir).write_bytes(rec(task_id, "echo from the shell"))
    assert probe(ledger_dir, "cmd", "flush") == {"code": 0, "heavy": []}
    assert b"echo from the shell" in (ledger_dir / f"tasks/{task_id}.yaml").read_bytes()
    # The probe sees a heavy import when there is one: a template needs the model and jinja2.
    (ledger_dir / "templates" / "commands" / "t.yaml").write_text("name: t\ncommand: uptime\n")
    templated = probe(ledger_dir, "cmd", "add", task_id, "--template", "t")
    assert templated == {"code": 0, "heavy": ["jinja2", "pydantic"]}
