from __future__ import annotations

from pathlib import Path

from opsledger.ledger import Ledger
from opsledger.shell.checks import CHECKS
from opsledger.store.checking import CheckContext, LoadedFile
from opsledger.store.fastload import load_fast
from tests.cli.conftest import ledger_dir, run  # noqa: F401  (fixtures shared with tests/cli)

TASK = """id: T-00000000
title: t
created: 2026-11-20T10:00:00+01:00
commands:
  - {id: aaaaaa, at: 2026-11-20T10:00:00+01:00, cmd: ls, output_file: outputs/T-00000000/1.log}
  - {id: bbbbbb, at: 2026-11-20T10:00:00+01:00, cmd: x, output_file: ../../etc/passwd}
  - {id: cccccc, at: 2026-11-20T10:00:00+01:00, cmd: "PGPASSWORD=[REDACTED:1] [REDACTED:2]",
     redacted: {"1": null}}
  - {id: dddddd, at: 2026-11-20T10:00:00+01:00, cmd: ssh x, template: nope}
  - {id: eeeeee, at: 2026-11-20T10:00:00+01:00, cmd: ssh y, template: pg-restart,
     output_file: outputs/T-00000000/5.log}
"""


def context(root: Path, targets: set[str] | None = None) -> CheckContext:
    ws = Ledger.open(root).ws
    loaded = LoadedFile("tasks/T-00000000.yaml", "task", TASK, load_fast(TASK, "t"))
    files = {loaded.relpath: loaded, "outputs/T-00000000/5.log": LoadedFile(
        "outputs/T-00000000/5.log", "other", "")}  # fmt: skip
    return CheckContext(ws, files, targets)


def test_command_checks(ledger_dir: Path) -> None:  # noqa: F811
    (ledger_dir / "templates" / "commands").mkdir(parents=True, exist_ok=True)
    (ledger_dir / "templates" / "commands" / "pg-restart.yaml").write_text("name: pg-restart\n")
    ctx = context(ledger_dir)
    found = [(f.check, f.message, f.location.line if f.location else None)
             for spec in CHECKS for f in spec.run(ctx)]  # fmt: skip
    assert found == [
        ("OL701", "output_file outputs/T-00000000/1.log does not exist", 5),
        ("OL701", "output_file ../../etc/passwd is outside outputs/", 6),
        ("OL702", "[REDACTED:2] has no entry in redacted", 7),
        ("OL703", "unknown command template 'nope' (no templates/commands/nope.yaml)", 9),
    ]
    assert {spec.id for spec in CHECKS} == {"OL701", "OL702", "OL703"}
    quiet = context(ledger_dir, targets={"tasks/other.yaml"})
    assert [f for spec in CHECKS for f in spec.run(quiet)] == []
