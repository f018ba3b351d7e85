"""The hot commands (LEAN_COMMANDS) run as the process's entry point end with ``os._exit``
once their output is flushed: their output, exit status, files and commits must be as
before, and a closed pipe too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from opsledger.cli import main as cli_main
from tests.cli.conftest import Runner


def entry_point(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m opsledger ARGS``: ``main()`` with no argv, as the installed script."""
    return subprocess.run(
        [sys.executable, "-m", "opsledger", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "OPSLEDGER_NOW": "2026-11-21T12:00:00+01:00"},
        check=False,
    )


@pytest.fixture
def tasks(ledger_dir: Path, run: Runner) -> Path:
    for n in range(300):  # more output than stdout's 8 KiB buffer holds
        assert run("--no-commit", "task", "new", f"task number {n}", "--tag", "bulk").code == 0
    return ledger_dir


def test_a_query_prints_all_its_output_and_its_status(tasks: Path, run: Runner) -> None:
    in_process = run("--now", "2026-11-21T12:00:00+01:00", "list", "tag:bulk", "--limit", "500")
    proc = entry_point(tasks, "list", "tag:bulk", "--limit", "500")
    assert proc.returncode == in_process.code == 0
    assert proc.stdout == in_process.out and proc.stdout.count("task number") == 300
    bad = entry_point(tasks, "list", "priority:>>x")
    assert bad.returncode == 2 and bad.stderr.startswith("opsledger: error: query:")


@pytest.mark.parametrize("limit", ["5", "500"])  # within stdout's buffer, and beyond it
def test_a_reader_that_leaves_gets_exit_status_1_and_no_traceback(tasks: Path, limit: str) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "opsledger", "list", "tag:bulk", "--limit", limit],
        cwd=tasks,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before the command writes anything
    err = proc.stderr.read()
    assert proc.wait() == 1
    assert b"Traceback" not in err and b"Exception ignored" not in err


class _Closed:
    def __init__(self, error: type[Exception]) -> None:
        self.error = error

    def flush(self) -> None:
        raise self.error


@pytest.mark.parametrize(
    ("error", "given", "code"),
    [
        (BrokenPipeError, 0, 1),
        (BrokenPipeError, 2, 2),  # an error already reported keeps its status
        (ValueError, 0, 120),
        (OSError, 0, 120),
        (None, 0, 0),  # no stdout and no stderr at all (closed when the process started)
    ],
)
def test_exit_now_flushes_and_keeps_the_status(
    monkeypatch: pytest.MonkeyPatch, error: type[Exception] | None, given: int, code: int
) -> None:
    exits: list[int] = []
    monkeypatch.setattr(os, "_exit", exits.append)
    monkeypatch.setattr(sys, "stdout", None if error is None else _Closed(error))
    monkeypatch.setattr(sys, "stderr", None if error is None else _Closed(error))
    cli_main._exit_now(given)
    assert exits == [code]


def test_a_hot_command_with_stderr_closed_still_succeeds(ledger_dir: Path) -> None:
    """cron and daemons may close stderr: Python then has no sys.stderr at all."""
    script = f'exec "{sys.executable}" -m opsledger task new "closed stderr" 2>&-'
    proc = subprocess.run(["sh", "-c", script], cwd=ledger_dir, capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("created T-"), proc
    listed = subprocess.run(
        ["sh", "-c", f'exec "{sys.executable}" -m opsledger list "closed" 2>&-'],
        cwd=ledger_dir,
        capture_output=True,
        text=True,
    )
    assert listed.returncode == 0 and "closed stderr" in listed.stdout


def test_hot_commands_leave_no_thread_or_exit_handler(ledger_dir: Path, run: Runner) -> None:
    """What os._exit would skip: nothing may be registered for the teardown to run."""
    import atexit
    import threading

    handlers, threads = atexit._ncallbacks(), threading.active_count()  # type: ignore[attr-defined]
    created = run("task", "new", "Probe the teardown", "--tag", "probe")
    assert created.code == 0, created.err
    task_id = created.out.split()[1]
    for args in (
        ["list", "tag:probe"],
        ["show", task_id],
        ["search", "Probe"],
        ["status"],
        ["cmd", "add", task_id, "--", "uptime"],
        ["time", "add", task_id, "15m"],
    ):
        result = run(*args)
        assert result.code == 0, (args, result.err)
    assert atexit._ncallbacks() == handlers  # type: ignore[attr-defined]
    assert threading.active_count() == threads


def test_a_hot_command_writes_and_commits_before_it_exits(ledger_dir: Path) -> None:
    commits = subprocess.run(
        ["git", "rev-list", "--count", "HEAD"], cwd=ledger_dir, capture_output=True, text=True
    )
    created = entry_point(ledger_dir, "task", "new", "Disk full on pg-07", "--tag", "disk")
    assert created.returncode == 0, created.stderr
    task_id = created.stdout.split()[1]
    added = entry_point(ledger_dir, "time", "add", task_id, "45m", "--note", "cleanup")
    assert added.returncode == 0, added.stderr
    text = next(ledger_dir.glob(f"tasks/**/{task_id}.yaml")).read_text()
    assert "Disk full on pg-07" in text
    assert "\ntime:\n" in text and "note: cleanup" in text
    after = subprocess.run(
        ["git", "rev-list", "--count", "HEAD"], cwd=ledger_dir, capture_output=True, text=True
    )
    assert int(after.stdout) == int(commits.stdout) + 2
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=ledger_dir, capture_output=True, text=True
    )
    assert status.stdout == ""


def test_only_hot_commands_and_only_the_entry_point_exit_early(
    ledger_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli_main._lean_path(["-C", "x", "list", "is:open"])
    assert cli_main._lean_path(["status"])
    assert cli_main._lean_path(["--no-commit", "time", "edit", "abc123", "--note", "x"])
    assert not cli_main._lean_path(["task", "assign", "x"])
    assert not cli_main._lean_path(["window", "check"])
    assert not cli_main._lean_path(["--version"])
    assert not cli_main._lean_path([])
    exits: list[int] = []
    monkeypatch.setattr(cli_main, "_exit_now", exits.append)
    monkeypatch.setattr(sys, "argv", ["opsledger", "--bogus-option"])
    cli_main.main()
    assert exits == []
    assert cli_main.main(["list"]) == 0 and exits == []  # called with argv: a test, a script
    monkeypatch.setattr(sys, "argv", ["opsledger", "-C", str(ledger_dir), "list"])
    cli_main.main()
    assert exits == [0]
