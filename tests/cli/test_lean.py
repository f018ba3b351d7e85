"""``task new`` without click: its spec parses argv exactly as click does, or declines and
lets click give its usual help and errors; through ``main`` the everyday forms create the
task in a fresh interpreter that never imports click."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from opsledger.cli import task_new
from opsledger.cli.clickspec import build
from opsledger.cli.context import AppContext
from opsledger.cli.optspec import parse
from opsledger.cli.task_new import SPEC
from opsledger.model.errors import UsageError
from tests.cli.conftest import Runner, commit_count, task_file
from tests.helpers import git

EVERY_OPTION = [
    "T", "--type", "incident", "--priority", "low", "--category", "patching",
    "--assignee", "me", "--team", "sre", "--component", "a/b", "--component", "c/*",
    "--client", "acme", "--project", "P-1", "--parent", "T-1", "--depends-on", "T-2",
    "--depends-on", "T-3", "--change", "C-1", "--window", "W-1", "--due", "+3d",
    "--tag", "x", "--tag", "y", "--label", "k=v", "--label", "k2=v2", "-d", "text", "--edit",
]  # fmt: skip

PARSED = [
    ["x"],
    [],
    EVERY_OPTION,
    ["--type=incident", "--priority=critical", "--label=k=v", "--description=a b", "x"],
    ["--tag", "a", "x", "--tag", "b"],
    ["x", "--category", "a", "--category", "b"],
    ["--category=", "x"],
    ["--description", "text", "--", "-starts with a dash"],
    ["--", "--type"],
    ["-"],
    [""],
    ["x", "--edit", "--edit"],
    ["x", "--description=--not an option"],
]

DECLINED_BUT_VALID = [
    ["x", "-dtext"],  # an attached short value
    ["x", "--category", "-minus"],  # a value that looks like an option
]


def click_kwargs(argv: list[str]) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    def record(app: AppContext, **kwargs: Any) -> int:
        seen.update(kwargs)
        return 0

    app = AppContext(directory=None, now=None, commit=True, debug=False)
    assert build(SPEC, record).main(argv, "new", standalone_mode=False, obj=app) == 0
    return seen


@pytest.mark.parametrize("argv", PARSED)
def test_the_lean_parse_gives_what_click_gives(argv: list[str]) -> None:
    assert parse(SPEC, argv) == click_kwargs(argv)


def test_every_option_is_in_the_table() -> None:
    kwargs = parse(SPEC, EVERY_OPTION)
    assert kwargs is not None
    assert {k for k, v in kwargs.items() if v in (None, (), False)} == set()


@pytest.mark.parametrize("argv", DECLINED_BUT_VALID)
def test_unusual_forms_go_to_click_which_accepts_them(
    argv: list[str], ledger_dir: Path, run: Runner
) -> None:
    assert parse(SPEC, argv) is None
    assert click_kwargs(argv)["title"] == "x"
    assert run("task", "new", *argv).code == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["x", "--colour", "red"], "No such option '--colour'"),
        (["x", "--type", "bug"], "Invalid value for '--type'"),
        (["x", "--category"], "Option '--category' requires an argument"),
        (["x", "y"], "Got unexpected extra argument (y)"),
        (["x", "--edit=yes"], "Option '--edit' does not take a value"),
        (["x", "-Z"], "No such option '-Z'"),
    ],
)
def test_bad_usage_is_left_to_click(
    argv: list[str], message: str, ledger_dir: Path, run: Runner
) -> None:
    assert parse(SPEC, argv) is None
    result = run("task", "new", *argv)
    assert result.code == 2
    assert message in result.err and result.err.startswith("opsledger: ")
    assert list((ledger_dir / "tasks").glob("T-*")) == []


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_is_left_to_click(flag: str, run: Runner) -> None:
    assert parse(SPEC, ["x", flag]) is None
    result = run("task", "new", flag)
    assert result.code == 0
    assert "Create a task or incident, as one commit." in result.out
    assert "--component TEXT" in result.out


PROBE = """
import json, sys
from opsledger.cli.main import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "click": "click" in sys.modules}), file=sys.stderr)
"""


def lean(cwd: Path, *args: str, **env: str) -> tuple[dict[str, Any], str, list[str]]:
    """(result, stdout, stderr lines but the probe's) of ``main(args)`` in a fresh process."""
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )
    *err, last = proc.stderr.strip().splitlines()
    return json.loads(last), proc.stdout, err


def test_task_new_runs_without_click_as_one_commit(ledger_dir: Path) -> None:
    before = commit_count(ledger_dir)
    result, out, err = lean(
        ledger_dir, "task", "new", "Disk full", "--type=incident", "--priority", "critical",
        "--component", "aws/eu-west-1/prod/db/pg-07", "--tag", "disk", "--tag", "pg",
    )  # fmt: skip
    assert (result, err) == ({"code": 0, "click": False}, [])
    assert out.startswith("created T-") and out.endswith("  Disk full\n")
    assert commit_count(ledger_dir) == before + 1
    text = task_file(ledger_dir, out.split()[1]).read_text()
    assert "type: incident" in text and "priority: critical" in text and "tags: [disk, pg]" in text
    # The probe does see click where the command needs it.
    assert lean(ledger_dir, "task", "new", "--help")[0] == {"code": 0, "click": True}


def test_root_options_on_the_lean_path(ledger_dir: Path, tmp_path: Path) -> None:
    before = commit_count(ledger_dir)
    result, out, _ = lean(
        tmp_path, f"-C{ledger_dir}", "--now", "2026-11-20T10:15", "--no-commit", "task", "new", "a"
    )
    assert result == {"code": 0, "click": False}
    text = task_file(ledger_dir, out.split()[1]).read_text()
    assert "created: 2026-11-20T10:15:00+01:00" in text
    assert commit_count(ledger_dir) == before
    assert git(ledger_dir, "status", "--porcelain").strip() != ""
    git(ledger_dir, "add", "-A")
    git(ledger_dir, "commit", "-qm", "tidy")
    result, out, _ = lean(
        tmp_path, "-C", str(ledger_dir), "task", "new", "b",
        OPSLEDGER_NOW="2026-11-21T08:00", OPSLEDGER_COMMIT="0",
    )  # fmt: skip
    assert result == {"code": 0, "click": False}
    assert "created: 2026-11-21T08:00:00+01:00" in task_file(ledger_dir, out.split()[1]).read_text()
    assert commit_count(ledger_dir) == before + 1


def test_errors_on_the_lean_path_are_one_line(ledger_dir: Path) -> None:
    before = commit_count(ledger_dir)
    result, _, err = lean(ledger_dir, "task", "new", "x", "--component", "aws/nowhere/pg-99")
    assert result == {"code": 1, "click": False}
    assert len(err) == 1 and "unknown component 'aws/nowhere/pg-99'" in err[0]
    result, _, err = lean(ledger_dir, "task", "new", "--priority", "high")
    assert result == {"code": 2, "click": False}
    assert err == ['opsledger: error: a task needs a title: opsledger task new "TITLE" (or --edit)']
    result, _, err = lean(ledger_dir, "--now", "whenever", "task", "new", "x")
    assert result["code"] == 2 and len(err) == 1 and err[0].startswith("opsledger: error: --now")
    assert commit_count(ledger_dir) == before
    assert list((ledger_dir / "tasks").glob("T-*")) == []


def test_a_root_option_click_must_check_is_left_to_it(ledger_dir: Path) -> None:
    (ledger_dir / "afile").write_text("")
    result, _, err = lean(ledger_dir, "-C", "afile", "task", "new", "x")
    assert result == {"code": 2, "click": True}
    assert len(err) == 1 and "is a file" in err[0]


@pytest.mark.parametrize(
    ("raised", "code", "err"),
    [
        (KeyboardInterrupt(), 130, "\nopsledger: aborted\n"),
        (EOFError(), 130, "\nopsledger: aborted\n"),
        (UsageError("no good"), 2, "opsledger: error: no good\n"),
    ],
)
def test_both_paths_end_alike(
    raised: BaseException, code: int, err: str, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def body(app: AppContext, **kwargs: Any) -> int:
        raise raised

    monkeypatch.setattr(task_new, "run", body)
    assert parse(SPEC, ["x"]) is not None and parse(SPEC, ["x", "-dy"]) is None
    lean_path, click_path = run("task", "new", "x"), run("task", "new", "x", "-dy")
    assert (lean_path.code, lean_path.err) == (click_path.code, click_path.err) == (code, err)
