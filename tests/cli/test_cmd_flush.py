from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from opsledger.store.fastload import load_fast
from tests.cli.conftest import Runner, commit_count, created_id, task_file
from tests.helpers import git


def rec(task: str, cmd: str, exit_code: int = 0, start: str = "1795165200.25") -> bytes:
    fields = ["v1", "zsh", "42", start, "1795165201.5", "", str(exit_code), "/srv", "pg-07.acme",
              task, cmd + "\n"]  # fmt: skip
    return ("\x1e" + "\x1f".join(fields)).encode()


def spool_of(repo: Path) -> Path:
    return repo / ".git" / "opsledger" / "_root" / "state" / "shell" / "spool"


def test_focus_prints_variables_for_each_shell(
    ledger_dir: Path, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    task_id = created_id(run("task", "new", "focus"))
    monkeypatch.setenv("OPSLEDGER_SHELL", "bash")
    out = run("focus", task_id[2:6]).out
    assert f"export OPSLEDGER_FOCUS={task_id}\n" in out
    assert f"export OPSLEDGER_SPOOL={spool_of(ledger_dir)}\n" in out
    assert spool_of(ledger_dir).stat().st_mode & 0o777 == 0o600
    fish = run("focus", task_id, "--shell", "fish").out
    assert fish.startswith(f"set -gx OPSLEDGER_FOCUS '{task_id}'\n")
    monkeypatch.delenv("OPSLEDGER_SHELL")
    monkeypatch.setenv("SHELL", "/bin/tcsh")
    assert run("focus", task_id).code == 2
    assert "no shell hook loaded" in run("focus", task_id, "--shell", "zsh").err
    assert (
        run("unfocus", "--shell", "fish").out == "set -e OPSLEDGER_FOCUS\nset -e OPSLEDGER_SPOOL\n"
    )


def test_flush_moves_the_spool_in_one_commit_and_redacts(
    ledger_dir: Path, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = created_id(run("task", "new", "one"))
    two = created_id(run("task", "new", "two"))
    run("focus", one, "--shell", "bash")
    spool_of(ledger_dir).write_bytes(
        rec(one, "PGPASSWORD=topsecret psql -c 'select 1'")
        + rec(two, "false", 1)
        + rec(one, "echo done", start="1795165300")
        + rec("T-zzzzzzzz", "orphan")
    )
    before = commit_count(ledger_dir)
    assert run("cmd", "flush", one).code == 0
    assert commit_count(ledger_dir) == before + 1
    data = load_fast(task_file(ledger_dir, one).read_text(encoding="utf-8"), "t")
    first, second = data["commands"]
    assert first["cmd"] == "PGPASSWORD=[REDACTED:1] psql -c 'select 1'"
    assert (first["at"], first["exit"], first["duration"]) == ("2026-11-20T10:00:00+01:00", 0, 1.25)
    assert (first["cwd"], first["host"], first["user"]) == ("/srv", "pg-07", "operator")
    assert second["cmd"] == "echo done"
    left = spool_of(ledger_dir).read_bytes()
    assert b"topsecret" not in left and b"false" in left and b"orphan" in left
    monkeypatch.setenv("OPSLEDGER_FOCUS", two)
    monkeypatch.setenv("OPSLEDGER_SHELL", "bash")
    result = run("unfocus")
    assert result.out == "unset OPSLEDGER_FOCUS OPSLEDGER_SPOOL\n"
    assert "flushed 1 commands" in result.err
    assert b"false" not in spool_of(ledger_dir).read_bytes()
    assert run("cmd", "flush").code == 0  # the orphan stays: its task is not here
    assert b"orphan" in spool_of(ledger_dir).read_bytes()
    assert_secret_nowhere(ledger_dir, b"topsecret")


def assert_secret_nowhere(repo: Path, secret: bytes) -> None:
    """Not in the work tree, the local state, or any git object (objects are compressed)."""
    for path in repo.rglob("*"):
        if path.is_file() and "objects" not in path.parts:
            assert secret not in path.read_bytes(), path
    objects = subprocess.run(
        ["git", "-C", str(repo), "cat-file", "--batch-all-objects", "--batch"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    assert secret not in objects
    assert secret.decode() not in git(repo, "log", "--all", "-p")


def test_a_flush_that_died_after_taking_is_finished_first(ledger_dir: Path, run: Runner) -> None:
    task_id = created_id(run("task", "new", "crash"))
    run("focus", task_id, "--shell", "bash")
    taking = spool_of(ledger_dir).with_name("spool.flushing")
    taking.write_bytes(rec(task_id, "echo taken", start="1795165200"))
    spool_of(ledger_dir).write_bytes(rec(task_id, "echo new", start="1795165260"))
    assert run("cmd", "flush").code == 0
    data = load_fast(task_file(ledger_dir, task_id).read_text(encoding="utf-8"), "t")
    assert [c["cmd"] for c in data["commands"]] == ["echo taken", "echo new"]
    assert not taking.exists() and spool_of(ledger_dir).read_bytes() == b""


def test_a_failed_flush_gives_every_record_back(ledger_dir: Path, run: Runner) -> None:
    good = created_id(run("task", "new", "good"))
    bad = created_id(run("task", "new", "bad"))
    path = task_file(ledger_dir, bad)
    path.write_text(path.read_text() + "commands: 5\n")  # not a list: the append refuses
    records = rec(good, "echo one") + rec(bad, "echo two")
    run("focus", good, "--shell", "bash")
    spool_of(ledger_dir).write_bytes(records)
    before = commit_count(ledger_dir)
    result = run("cmd", "flush")
    assert result.code == 1 and "commands must be a list" in result.err
    assert commit_count(ledger_dir) == before
    assert spool_of(ledger_dir).read_bytes() == records
    assert not spool_of(ledger_dir).with_name("spool.flushing").exists()
    assert "commands" not in load_fast(task_file(ledger_dir, good).read_text(), "t")
