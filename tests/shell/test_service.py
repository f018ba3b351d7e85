"""The Python API (``ledger.commands``) in-process: capture through pipes, the round-trip
fallback of the splice, and the error paths."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from opsledger.ledger import Ledger
from opsledger.model.errors import NotFound, UsageError
from opsledger.shell.entries import CommandRecord, build_entry
from opsledger.shell.hooks import hook_script
from opsledger.shell.importer import default_history_file
from opsledger.store.fastload import load_fast
from tests.cli.conftest import Runner, created_id, ledger_dir, run, task_file  # noqa: F401  (fixtures shared with tests/cli)
from tests.helpers import git


def commands(repo: Path, task_id: str) -> list[dict[str, object]]:
    return load_fast(task_file(repo, task_id).read_text(encoding="utf-8"), "t")["commands"]


def pipe_capture(ledger: Ledger, task_id: str, data: bytes) -> tuple[dict[str, object], bytes]:
    source_r, source_w = os.pipe()
    sink_r, sink_w = os.pipe()
    received = bytearray()

    def reader() -> None:
        while chunk := os.read(sink_r, 65536):
            received.extend(chunk)

    thread = threading.Thread(target=reader)
    thread.start()
    os.write(source_w, data)
    os.close(source_w)
    try:
        entry = ledger.commands.capture(task_id, "make -j4", source_fd=source_r, sink_fd=sink_w)
    finally:
        os.close(sink_w)
        os.close(source_r)
        thread.join()
        os.close(sink_r)
    return entry, bytes(received)


def test_capture_in_process_spills_and_numbers_outputs(
    ledger_dir: Path,  # noqa: F811
    run: Runner,  # noqa: F811
) -> None:
    config = ledger_dir / "opsledger.yaml"
    config.write_text(config.read_text() + "commands: {inline_output_max: 64B}\n")
    git(ledger_dir, "commit", "-qam", "tiny outputs")
    task_id = created_id(run("task", "new", "build"))
    ledger = Ledger.open(ledger_dir)
    small, echoed = pipe_capture(ledger, task_id, b"ok\n")
    assert echoed == b"ok\n" and small["output"] == "ok\n" and "output_file" not in small
    (ledger_dir / "outputs" / task_id).mkdir(parents=True)
    (ledger_dir / "outputs" / task_id / "2.log").write_text("taken by a merged branch\n")
    big = b"".join(b"%d\n" % i for i in range(100))
    entry, echoed = pipe_capture(ledger, task_id, big)
    assert echoed == big
    assert entry["output_file"] == f"outputs/{task_id}/2-{entry['id']}.log"
    assert (ledger_dir / str(entry["output_file"])).read_bytes() == big
    empty, _ = pipe_capture(ledger, task_id, b"")
    assert "output" not in empty
    with pytest.raises(NotFound):
        ledger.commands.capture("zzzz", "x", source_fd=0, sink_fd=None)


def test_unusual_layouts_fall_back_to_the_round_trip_editor(
    ledger_dir: Path,  # noqa: F811
    run: Runner,  # noqa: F811
) -> None:
    task_id = created_id(run("task", "new", "flow"))
    path = task_file(ledger_dir, task_id)
    text = path.read_text() + "commands: [{id: aaaaaa, at: 2026-11-20T10:00:00+01:00, cmd: ls}]\n"
    path.write_text(text)
    git(ledger_dir, "commit", "-qam", "flow list")
    ledger = Ledger.open(ledger_dir)
    ledger.commands.add(task_id, "uptime", exit=0)
    assert [c["cmd"] for c in commands(ledger_dir, task_id)] == ["ls", "uptime"]
    path.write_text(path.read_text().replace("commands:", "x-old: 1\ncommands: 5\nx-c:"))
    with pytest.raises(Exception, match="commands must be a list"):
        ledger.commands.add(task_id, "uptime")


def test_entry_and_setting_errors(ledger_dir: Path, run: Runner) -> None:  # noqa: F811
    at = "2026-11-20T10:00:00+01:00"
    with pytest.raises(UsageError, match="empty"):
        build_entry(CommandRecord(cmd=" "), at)
    with pytest.raises(UsageError, match="negative"):
        build_entry(CommandRecord(cmd="x", duration=-1), at)
    with pytest.raises(UsageError, match="base32"):
        build_entry(CommandRecord(cmd="x"), at, "nope")
    with pytest.raises(UsageError, match="timestamp"):
        build_entry(CommandRecord(cmd="x", at="yesterday"), at)
    with pytest.raises(UsageError, match="integer"):
        build_entry(CommandRecord(cmd="x", exit=True), at)  # pyright: ignore[reportArgumentType]
    with pytest.raises(UsageError, match="unknown shell"):
        hook_script("tcsh")
    task_id = created_id(run("task", "new", "settings"))
    config = ledger_dir / "opsledger.yaml"
    config.write_text(config.read_text() + "commands: {inline_output_max: huge}\n")
    ledger = Ledger.open(ledger_dir)
    with pytest.raises(UsageError, match="inline_output_max"):
        ledger.commands.capture(task_id, "x", source_fd=0, sink_fd=None)
    with pytest.raises(UsageError, match="unknown shell"):
        ledger.commands.import_history(task_id, "tcsh")
    with pytest.raises(UsageError, match="empty"):
        ledger.commands.add(task_id, "")
    templates = ledger_dir / "templates" / "commands"
    templates.mkdir(parents=True, exist_ok=True)
    (templates / "a.yaml").write_text("name: b\ncommand: x\n")
    with pytest.raises(Exception, match="differs from the file name"):
        ledger.commands.render("a", {})
    assert ledger.commands.template_names() == ["a"]


def test_default_history_files() -> None:
    assert default_history_file("bash", {"HOME": "/h"}) == Path("/h/.bash_history")
    assert default_history_file("bash", {"HISTFILE": "/x"}) == Path("/x")
    assert default_history_file("zsh", {"HOME": "/h"}) == Path("/h/.zsh_history")
    assert default_history_file("fish", {"HOME": "/h"}) == Path("/h/.local/share/fish/fish_history")
    fish = default_history_file("fish", {"XDG_DATA_HOME": "/d", "fish_history": "work"})
    assert fish == Path("/d/fish/work_history")
