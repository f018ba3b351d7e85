"""``cmd capture`` in this process: real signals and a real writer, so that coverage sees
the interruption paths that the end-to-end tests (tests/cli/test_cmd_capture.py) exercise
in a child process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from opsledger.cli.main import main
from opsledger.ledger import Ledger
from opsledger.shell.capture import tee
from opsledger.shell.outputs import OutputCollector
from opsledger.shell.redact import Redactor, compile_rules
from opsledger.store.fastload import load_fast
from tests.cli.conftest import Runner, created_id, ledger_dir, run, task_file  # noqa: F401  (fixtures shared with tests/cli)


def last_entry(repo: Path, task_id: str) -> dict[str, object]:
    data = load_fast(task_file(repo, task_id).read_text(encoding="utf-8"), "t")
    return data["commands"][-1]


def signal_after_first_line(sink_r: int, signum: int, seen: bytearray) -> threading.Thread:
    """Read the sink; once the first line came through, send ``signum`` to the main thread
    (blocked in the capture's read) and drain the rest."""
    main_thread = threading.main_thread().ident
    assert main_thread is not None

    def reader() -> None:
        while not seen.endswith(b"\n"):
            seen.extend(os.read(sink_r, 65536))
        signal.pthread_kill(main_thread, signum)
        while chunk := os.read(sink_r, 65536):
            seen.extend(chunk)

    thread = threading.Thread(target=reader)
    thread.start()
    return thread


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_keeps_what_a_running_writer_sent(
    ledger_dir: Path,  # noqa: F811
    run: Runner,  # noqa: F811
    signum: int,
) -> None:
    task_id = created_id(run("task", "new", "tail"))
    ledger = Ledger.open(ledger_dir)
    before = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    # The writer prints a line and keeps its end of the pipe open, like `tail -f`.
    writer = subprocess.Popen(
        [sys.executable, "-c", "import os, time; os.write(1, b'partial\\n'); time.sleep(60)"],
        stdout=subprocess.PIPE,
    )
    assert writer.stdout is not None
    sink_r, sink_w = os.pipe()
    seen = bytearray()
    thread = signal_after_first_line(sink_r, signum, seen)
    try:
        entry = ledger.commands.capture(
            task_id, "tail -f app.log", source_fd=writer.stdout.fileno(), sink_fd=sink_w
        )
    finally:
        os.close(sink_w)
        thread.join()
        os.close(sink_r)
        writer.kill()
        writer.wait()
        writer.stdout.close()
    assert bytes(seen) == b"partial\n"
    assert entry["interrupted"] is True
    assert entry["output"] == "partial\n"
    assert last_entry(ledger_dir, task_id) == entry
    # The shell's own handlers are back once the capture is over.
    assert {sig: signal.getsignal(sig) for sig in before} == before


def test_a_closed_reader_stops_the_copy_but_keeps_the_chunk(tmp_path: Path) -> None:
    source_r, source_w = os.pipe()
    sink_r, sink_w = os.pipe()
    os.close(sink_r)  # the pager quit before anything came
    os.write(source_w, b"first line\n")
    os.close(source_w)
    collector = OutputCollector(1024, tmp_path, Redactor(compile_rules()))
    try:
        result = tee(source_r, sink_w, collector)
    finally:
        os.close(source_r)
        os.close(sink_w)
    assert result.interrupted
    assert result.output.text == "first line\n"


def test_capture_command_in_process(
    ledger_dir: Path,  # noqa: F811
    run: Runner,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    task_id = created_id(run("task", "new", "capture"))
    config = ledger_dir / "opsledger.yaml"
    config.write_text(config.read_text() + "commands: {inline_output_max: 16B}\n")
    source = tmp_path / "in"
    source.write_bytes(b"row 1\nrow 2\nrow 3\nrow 4\n")
    sink = tmp_path / "out"
    capsys.readouterr()
    with source.open("rb") as stdin, sink.open("wb") as stdout, monkeypatch.context() as patch:
        patch.setattr(sys, "stdin", stdin)
        patch.setattr(sys, "stdout", stdout)
        code = main(["cmd", "capture", task_id, "--host", "pg-07", "--", "journalctl", "-u", "x"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert sink.read_bytes() == source.read_bytes()
    entry = last_entry(ledger_dir, task_id)
    assert entry["cmd"] == "journalctl -u x"
    assert entry["host"] == "pg-07" and Path(str(entry["cwd"])).samefile(ledger_dir)
    assert err == f"recorded {entry['id']}, full output in outputs/{task_id}/1.log\n"
    assert run("cmd", "capture", task_id, "--", " ").code == 2


def test_a_capture_in_a_worker_thread_leaves_the_handlers_alone(tmp_path: Path) -> None:
    source_r, source_w = os.pipe()
    os.write(source_w, b"from a thread\n")
    os.close(source_w)
    collector = OutputCollector(1024, tmp_path, Redactor(compile_rules()))
    results = []
    worker = threading.Thread(target=lambda: results.append(tee(source_r, None, collector)))
    worker.start()
    worker.join()
    os.close(source_r)
    (result,) = results  # signal.signal() would have raised ValueError in the thread
    assert result.output.text == "from a thread\n" and not result.interrupted
