"""Real bash, zsh and fish on a pseudo-terminal with the hook sourced: the commands typed
land in the task with their exit codes, and the history files those shells write import
back to exactly the commands typed."""

from __future__ import annotations

import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from opsledger.shell.hooks import hook_script
from opsledger.store.fastload import load_fast
from tests.cli.conftest import Runner, created_id, ledger_dir, run, task_file  # noqa: F401  (fixtures shared with tests/cli)
from tests.helpers import require_tool
from tests.shell.ptyshell import run_interactive

OPSLEDGER = f"{shlex.quote(sys.executable)} -m opsledger"


@dataclass
class Session:
    argv: list[str]
    history: Path
    typed: list[str]  # what the person types, line by line
    recorded: list[tuple[str, int]]  # what the task must hold afterwards
    imported: list[str]  # what the history file must import to


def bash_session(home: Path, task_id: str) -> Session:
    history = home / "bash_history"
    (home / "rc").write_text(
        f"HISTFILE={history}\nHISTTIMEFORMAT='%F %T '\nshopt -s lithist cmdhist\n"
        f"PS1='$ '\nsource {home / 'hook'}\n"
    )
    typed = [f'eval "$({OPSLEDGER} focus {task_id})"', "echo hello", "false",
             "sh -c 'exit 3'", "for i in 1 2; do", "echo $i", "done",
             f'eval "$({OPSLEDGER} unfocus)"']  # fmt: skip
    return Session(
        ["bash", "--noprofile", "--rcfile", str(home / "rc"), "-i"],
        history,
        typed,
        [
            ("echo hello", 0),
            ("false", 1),
            ("sh -c 'exit 3'", 3),
            ("for i in 1 2; do\necho $i\ndone", 0),
        ],
        [*typed[:4], "for i in 1 2; do\necho $i\ndone", typed[-1], "exit"],
    )


def zsh_session(home: Path, task_id: str) -> Session:
    history = home / "zsh_history"
    (home / ".zshrc").write_text(
        f"HISTFILE={history}\nHISTSIZE=100\nSAVEHIST=100\nsetopt EXTENDED_HISTORY\n"
        f"PS1='%# '\nsource {home / 'hook'}\n"
    )
    typed = [f'eval "$({OPSLEDGER} focus {task_id})"', "echo hello", "false",
             "sh -c 'exit 3'", "for i in 1 2; do", "echo $i", "done", "echo 'caf\u00e9'",
             f'eval "$({OPSLEDGER} unfocus)"']  # fmt: skip
    multi = "for i in 1 2; do\necho $i\ndone"
    return Session(
        ["zsh", "-i"],
        history,
        typed,
        [
            ("echo hello", 0),
            ("false", 1),
            ("sh -c 'exit 3'", 3),
            (multi, 0),
            ("echo 'caf\u00e9'", 0),
        ],
        [*typed[:4], multi, typed[7], typed[8], "exit"],
    )


def fish_session(home: Path, task_id: str) -> Session:
    history = home / "data" / "fish" / "fish_history"
    typed = [f"{OPSLEDGER} focus {task_id} | source", "echo hello", "false",
             "sh -c 'exit 3'", "echo 'back\\\\slash'", f"{OPSLEDGER} unfocus | source"]  # fmt: skip
    return Session(
        ["fish", "-i", "-C", f"source {home / 'hook'}"],
        history,
        typed,
        [("echo hello", 0), ("false", 1), ("sh -c 'exit 3'", 3), ("echo 'back\\\\slash'", 0)],
        [*typed, "exit"],
    )


SESSIONS = {"bash": bash_session, "zsh": zsh_session, "fish": fish_session}


@pytest.mark.interop
@pytest.mark.parametrize("shell", sorted(SESSIONS))
def test_hook_records_and_history_imports(
    shell: str,
    ledger_dir: Path,  # noqa: F811
    run: Runner,  # noqa: F811
    tmp_path: Path,
) -> None:
    require_tool(shell)
    task_id = created_id(run("task", "new", f"work in {shell}"))
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    (home / "hook").write_text(run("shell-hook", shell).out)
    assert (home / "hook").read_text() == hook_script(shell)
    session = SESSIONS[shell](home, task_id)
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "ZDOTDIR": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "TERM": "dumb",
        "LANG": "C.UTF-8",
        "GIT_CONFIG_NOSYSTEM": "1",
        "SHELL": shell,
    }
    screen = run_interactive(session.argv, session.typed, env, ledger_dir)
    data = load_fast(task_file(ledger_dir, task_id).read_text(encoding="utf-8"), "t")
    got = [(c["cmd"], c["exit"]) for c in data.get("commands", [])]
    assert got == session.recorded, screen[-2000:]
    for entry in data["commands"]:
        assert entry["cwd"] == str(ledger_dir)
        assert entry["host"] and entry["at"]
    assert data["commands"][0]["at"] != data["commands"][-1]["at"] or shell == "fish"

    second = created_id(run("task", "new", f"history of {shell}"))
    result = run("cmd", "import", second, "--shell", shell, "--file", str(session.history))
    assert result.code == 0, result.err
    imported = load_fast(task_file(ledger_dir, second).read_text(encoding="utf-8"), "t")
    assert [c["cmd"] for c in imported["commands"]] == session.imported
