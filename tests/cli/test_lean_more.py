"""``cmd add`` and the ``time`` verbs without click: each spec parses argv exactly as the
click command built from it does, or declines; through ``main`` the everyday forms run in
a fresh interpreter that never imports click."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from opsledger.cli import cmd_add, time_entry, time_timer
from opsledger.cli.clickspec import build
from opsledger.cli.context import AppContext
from opsledger.cli.main import LEAN_COMMANDS
from opsledger.cli.optspec import CommandSpec, parse
from tests.cli.conftest import Runner, commit_count, created_id, task_file
from tests.cli.test_lean import lean
from tests.timetrack.billing_fixture import add_billing

CMD_ADD = cmd_add.SPEC
START, STOP, STATUS = time_timer.SPEC_START, time_timer.SPEC_STOP, time_timer.SPEC_STATUS
ADD, EDIT, RM = time_entry.SPEC_ADD, time_entry.SPEC_EDIT, time_entry.SPEC_RM

PARSED: list[tuple[CommandSpec, list[str]]] = [
    (CMD_ADD, ["3kq9", "--", "df", "-h", "/var"]),
    (CMD_ADD, ["3kq9", "df -h /var"]),
    (CMD_ADD, ["3kq9"]),
    (CMD_ADD, ["3kq9", "--exit", "0", "--duration", "0.04", "--", "ls", "--", "-x"]),
    (CMD_ADD, ["3kq9", "--exit=+7", "--duration=1e3", "--at", "10:00", "--cwd", "/r", "--", "x"]),
    (CMD_ADD, ["3kq9", "--host", "h", "--user", "u", "--output-file", "f", "--", "x"]),
    (CMD_ADD, ["--template", "pg", "3kq9", "--param", "a=1", "--param=b=2", "c=3"]),
    (CMD_ADD, ["3kq9", "echo", "--exit", "1", "hi"]),  # options between the words
    (CMD_ADD, ["3kq9", "--", "--exit", "1"]),
    (CMD_ADD, ["3kq9", "--exit", "1", "--exit", "2", "--", "x"]),
    (CMD_ADD, ["--", "x"]),  # ``x`` is the id
    (START, ["3kq9"]),
    (START, ["3kq9", "--client", "acme", "--project", "OPS-42", "--component", "a/b"]),
    (START, ["--note", "WAL archiving", "--no-billable", "--at=10:15", "3kq9"]),
    (STOP, []),
    (STOP, ["--at", "11:45"]),
    (STATUS, []),
    (STATUS, ["--json"]),
    (ADD, ["3kq9", "1h30m"]),
    (ADD, ["3kq9", "--start", "9:00", "--end=10:00", "--note", "n", "--no-billable"]),
    (ADD, ["3kq9", "1h", "--client", "c", "--project", "p", "--component", "x/y"]),
    (EDIT, ["t4h8wz"]),
    (EDIT, ["t4h8wz", "--billable"]),
    (EDIT, ["t4h8wz", "--no-billable"]),
    (EDIT, ["t4h8wz", "--billable", "--no-billable"]),
    (EDIT, ["T-1/t4h8wz", "--start", "9:00", "--end", "10:00", "--duration", "45m"]),
    (EDIT, ["t4h8wz", "--client", "c", "--project", "p", "--component", "x", "--note", ""]),
    (RM, ["t4h8wz"]),
    (RM, ["--", "-t4h8wz"]),
]

DECLINED: list[tuple[CommandSpec, list[str], str]] = [
    # valid for click, but unusual: it reads them
    (CMD_ADD, ["3kq9", "df", "-h"], ""),  # an unknown option among the words
    (CMD_ADD, ["3kq9", "--exit", "-1", "--", "x"], ""),
    (EDIT, ["t4h8wz", "--note", "-x"], ""),
    # bad usage: click says why
    (CMD_ADD, ["3kq9", "--exit", "zero", "--", "x"], "Invalid value for '--exit'"),
    (CMD_ADD, ["3kq9", "--duration", "long", "--", "x"], "Invalid value for '--duration'"),
    (CMD_ADD, [], "Missing argument 'ID'"),
    (START, [], "Missing argument 'ID'"),
    (START, ["3kq9", "--no-billable=yes"], "Option '--no-billable' does not take a value"),
    (STOP, ["3kq9"], "Got unexpected extra argument (3kq9)"),
    (STATUS, ["--yaml"], "No such option '--yaml'"),
    (ADD, ["3kq9", "1h", "2h"], "Got unexpected extra argument (2h)"),
    (EDIT, ["t4h8wz", "--billable=no"], "Option '--billable' does not take a value"),
    (RM, [], "Missing argument 'ENTRY-ID'"),
    (RM, ["t4h8wz", "--help"], ""),
    (CMD_ADD, ["3kq9", "-h"], ""),
]


def click_kwargs(spec: CommandSpec, argv: list[str]) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    def record(app: AppContext, **kwargs: Any) -> int:
        seen.update(kwargs)
        return 0

    app = AppContext(directory=None, now=None, commit=True, debug=False)
    assert build(spec, record).main(argv, spec.name, standalone_mode=False, obj=app) == 0
    return seen


@pytest.mark.parametrize(("spec", "argv"), PARSED)
def test_the_lean_parse_gives_what_click_gives(spec: CommandSpec, argv: list[str]) -> None:
    assert parse(spec, argv) == click_kwargs(spec, argv)


@pytest.mark.parametrize("spec", [CMD_ADD, START, ADD, EDIT])
def test_the_table_sets_every_option(spec: CommandSpec) -> None:
    given = {
        dest for s, argv in PARSED if s is spec for dest, v in (parse(s, argv) or {}).items()
        if v not in (None, (), False)
    }  # fmt: skip
    assert given == {o.dest for o in spec.options} | {a.name for a in spec.arguments}


@pytest.mark.parametrize(("spec", "argv", "message"), DECLINED)
def test_the_rest_is_left_to_click(
    spec: CommandSpec, argv: list[str], message: str, ledger_dir: Path, run: Runner
) -> None:
    assert parse(spec, argv) is None
    if not message:
        return
    group = "cmd" if spec is CMD_ADD else "time"
    before = commit_count(ledger_dir)
    result = run(group, spec.name, *argv)
    assert result.code == 2
    assert message in result.err and result.err.startswith("opsledger: ")
    assert commit_count(ledger_dir) == before


def test_help_is_left_to_click(run: Runner) -> None:
    result = run("time", "rm", "t4h8wz", "--help")
    assert result.code == 0 and "Remove one entry" in result.out


def test_unknown_options_among_the_words_reach_click_as_words() -> None:
    assert click_kwargs(CMD_ADD, ["3kq9", "df", "-h"])["words"] == ("df", "-h")
    assert click_kwargs(CMD_ADD, ["3kq9", "--exit", "-1", "--", "x"])["exit_code"] == -1


def test_every_lean_command_is_the_one_its_group_builds() -> None:
    from opsledger.cli.commands.cmd import CMD_COMMANDS
    from opsledger.cli.commands.task import TASK_COMMANDS
    from opsledger.cli.commands.time import TIME_COMMANDS
    from opsledger.cli.root import discover_commands

    groups = {"cmd": CMD_COMMANDS, "task": TASK_COMMANDS, "time": TIME_COMMANDS}
    top = discover_commands()
    for words, target in LEAN_COMMANDS.items():
        if len(words) == 1:  # a top-level command's module names its spec ``command``
            assert top[words[0]] == target.replace(":SPEC", ":command")
        else:
            assert groups[words[0]][words[1]] == target


@pytest.fixture
def ledger(ledger_dir: Path) -> Path:
    add_billing(ledger_dir)
    return ledger_dir


def test_cmd_add_runs_without_click(ledger: Path, run: Runner) -> None:
    task_id = created_id(run("task", "new", "Disk full on pg-07"))
    before = commit_count(ledger)
    result, out, err = lean(
        ledger, "--now", "2026-11-20T10:22", "cmd", "add", task_id, "--exit", "0",
        "--duration", "0.5", "--host", "pg-07", "--", "df", "-h", "/var/lib/postgresql",
    )  # fmt: skip
    assert (result, err) == ({"code": 0, "click": False}, [])
    assert out.startswith("recorded ") and out.endswith(": df -h /var/lib/postgresql\n")
    assert commit_count(ledger) == before + 1
    text = task_file(ledger, task_id).read_text()
    assert "cmd: df -h /var/lib/postgresql" in text and "host: pg-07" in text
    result, _, err = lean(ledger, "cmd", "add", task_id)
    assert result == {"code": 2, "click": False}
    assert err == ["opsledger: error: give the command after --, e.g. cmd add ID -- df -h"]
    assert commit_count(ledger) == before + 1


def test_time_start_and_stop_run_without_click(ledger: Path, run: Runner) -> None:
    task_id = created_id(run("task", "new", "Run", "--client", "globex"))
    before = commit_count(ledger)
    start = ("--now", "2026-11-20T10:15", "time", "start", task_id, "--project", "GX-RUN")
    result, out, err = lean(ledger, *start, "--note", "WAL archiving")
    assert (result, err) == ({"code": 0, "click": False}, [])
    assert out.startswith("started ") and out.endswith("(globex/GX-RUN)\n")
    result, out, _ = lean(ledger, "--now", "2026-11-20T10:45", "time", "status")
    assert result == {"code": 0, "click": False} and out.startswith(f"{task_id} since ")
    result, out, err = lean(ledger, "--now", "2026-11-20T11:00", "time", "stop")
    assert (result, err) == ({"code": 0, "click": False}, [])
    assert out.startswith("recorded ") and out.endswith(f" on {task_id}: 45m\n")
    assert commit_count(ledger) == before + 1
    result, out, err = lean(ledger, "time", "status", "--json")
    assert (result, out, err) == ({"code": 1, "click": False}, "no timer running\n", [])
    result, _, err = lean(ledger, "time", "stop")
    assert result == {"code": 1, "click": False} and len(err) == 1
    assert commit_count(ledger) == before + 1


def test_time_add_edit_rm_run_without_click(ledger: Path, run: Runner) -> None:
    task_id = created_id(run("task", "new", "Run", "--client", "globex"))
    before = commit_count(ledger)
    result, out, err = lean(
        ledger, "--now", "2026-11-20T12:00", "time", "add", task_id, "1h", "--project", "GX-RUN"
    )
    assert (result, err) == ({"code": 0, "click": False}, [])
    entry = out.split()[1]
    assert out == f"recorded {entry} on {task_id}\n"
    result, out, err = lean(ledger, "time", "edit", entry, "--duration", "45m", "--no-billable")
    assert (result, err) == ({"code": 0, "click": False}, [])
    assert out == f"changed {entry} on {task_id}\n"
    text = task_file(ledger, task_id).read_text()
    assert "minutes: 45" in text and "billable: false" in text
    result, out, err = lean(ledger, "time", "rm", f"{task_id}/{entry}")
    assert (result, err) == ({"code": 0, "click": False}, [])
    assert out == f"removed {entry} from {task_id}\n"
    assert commit_count(ledger) == before + 3
