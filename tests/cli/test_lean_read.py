"""``list``, ``show``, ``search`` and ``status`` without click: each spec parses argv as the
click command built from it does (query words may start with '-'), or declines; through
``main`` they answer in a fresh interpreter that never imports click."""

from __future__ import annotations

from pathlib import Path

import pytest

from opsledger.cli.commands import list as list_command
from opsledger.cli.commands import search, show, status
from opsledger.cli.optspec import CommandSpec, parse
from tests.cli.conftest import Runner, created_id
from tests.cli.test_lean import lean
from tests.cli.test_lean_more import click_kwargs

LIST, SEARCH, SHOW, STATUS = list_command.SPEC, search.SPEC, show.SPEC, status.SPEC

PARSED: list[tuple[CommandSpec, list[str]]] = [
    (LIST, []),
    (LIST, ["is:open", "priority:>=high", "-tag:noise"]),
    (LIST, ["-tag:noise", "--sort", "-due", "--limit", "5", "disk"]),
    (LIST, ["--status", "open", "--status=blocked", "--priority", "high", "--type", "incident"]),
    (LIST, ["--assignee", "me", "--team", "dba", "--client", "acme", "--tag", "a", "--tag", "b"]),
    (LIST, ["--component", "prod/db/**", "--all", "--in", "windows", "--after", "abc"]),
    (LIST, ["--fields", "id,title", "--format", "csv", "--json", "--yaml"]),
    (LIST, ["--", "--not-an-option", "-x"]),
    (SEARCH, ['"replication lag"']),
    (SEARCH, ["--in", "commands", "systemctl restart", "-host:pg-07", "--limit=20"]),
    (SEARCH, ["disk", "--sort", "-created", "--after", "c", "--fields", "id", "--format", "ids"]),
    (SHOW, ["3kq9"]),
    (SHOW, ["3kq9", "--json"]),
    (STATUS, []),
    (STATUS, ["--format", "yaml"]),
]

DECLINED: list[tuple[CommandSpec, list[str], str]] = [
    (LIST, ["--limit", "0"], "Invalid value for '--limit'"),
    (LIST, ["--in", "people"], "Invalid value for '--in'"),
    (LIST, ["--misspelt"], "No such option '--misspelt'"),
    (LIST, ["-h"], ""),
    (LIST, ["-h=x"], ""),  # the root group's help option: click refuses it
    (SEARCH, [], "Missing argument 'QUERY...'"),
    (SHOW, [], "Missing argument 'ID'"),
    (SHOW, ["a", "b"], "Got unexpected extra argument (b)"),
    (STATUS, ["--format", "xml"], "Invalid value for '--format'"),
]


@pytest.mark.parametrize(("spec", "argv"), PARSED)
def test_the_lean_parse_gives_what_click_gives(spec: CommandSpec, argv: list[str]) -> None:
    assert parse(spec, argv) == click_kwargs(spec, argv)


def test_the_table_sets_every_list_option() -> None:
    given = {
        dest for s, argv in PARSED if s is LIST for dest, v in (parse(s, argv) or {}).items()
        if v not in (None, (), False, "tasks", "table")
    }  # fmt: skip
    assert given == {o.dest for o in LIST.options} | {"query"}


@pytest.mark.parametrize(("spec", "argv", "message"), DECLINED)
def test_the_rest_is_left_to_click(
    spec: CommandSpec, argv: list[str], message: str, run: Runner
) -> None:
    assert parse(spec, argv) is None
    if message:
        result = run(spec.name, *argv)
        assert result.code == 2
        assert message in result.err and result.err.startswith("opsledger: ")


def test_read_commands_run_without_click(ledger_dir: Path, run: Runner) -> None:
    task_id = created_id(run("task", "new", "Disk full on pg-07", "--tag", "disk"))
    result, out, err = lean(ledger_dir, "list", "-tag:noise", "--format", "ids")
    assert (result, err, out) == ({"code": 0, "click": False}, [], f"{task_id}\n")
    result, out, err = lean(ledger_dir, "search", "disk", "--format", "ids")
    assert (result, err, out) == ({"code": 0, "click": False}, [], f"{task_id}\n")
    result, out, _ = lean(ledger_dir, "show", task_id[2:7])
    assert result == {"code": 0, "click": False} and "Disk full on pg-07" in out
    result, out, _ = lean(ledger_dir, "status")
    assert result == {"code": 0, "click": False} and out
    result, _, err = lean(ledger_dir, "show", "zzzzzz")
    assert result == {"code": 1, "click": False} and len(err) == 1
    assert lean(ledger_dir, "list", "--help")[0] == {"code": 0, "click": True}
