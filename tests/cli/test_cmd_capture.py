"""``cmd capture`` in a real process: stdin passes through to stdout byte for byte."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

from opsledger.store.fastload import load_fast
from tests.cli.conftest import Runner, created_id, task_file
from tests.helpers import git

OPSLEDGER = [sys.executable, "-m", "opsledger"]


def last_entry(repo: Path, task_id: str) -> dict[str, object]:
    data = load_fast(task_file(repo, task_id).read_text(encoding="utf-8"), "t")
    return data["commands"][-1]


def capture(
    repo: Path, task_id: str, data: bytes, *extra: str
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*OPSLEDGER, "cmd", "capture", task_id, *extra, "--", "some-cmd -v"],
                          input=data, capture_output=True, cwd=repo, check=False)  # fmt: skip


def test_tee_is_byte_exact_and_the_entry_is_cleaned(ledger_dir: Path, run: Runner) -> None:
    task_id = created_id(run("task", "new", "capture"))
    data = b"\x1b[1mbold\x1b[0m \xff caf\xc3\xa9\nPGPASSWORD=pw1 done\n"
    proc = capture(ledger_dir, task_id, data)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == data
    entry = last_entry(ledger_dir, task_id)
    assert entry["cmd"] == "some-cmd -v"
    assert entry["exit"] is None
    assert entry["output"] == "bold \\xff café\nPGPASSWORD=[REDACTED:1] done\n"
    assert entry["redacted"] == {"1": None}
    assert "interrupted" not in entry
    keep = capture(ledger_dir, task_id, b"\x1b[31mred\x1b[0m\n", "--keep-ansi", "--exit", "4")
    assert keep.returncode == 0, keep.stderr
    assert last_entry(ledger_dir, task_id)["output"] == "\x1b[31mred\x1b[0m\n"
    assert last_entry(ledger_dir, task_id)["exit"] == 4
    assert run("cmd", "exit", task_id, "0").code == 0
    assert last_entry(ledger_dir, task_id)["exit"] == 0


def test_large_output_goes_to_a_file_in_the_same_commit(ledger_dir: Path, run: Runner) -> None:
    config = ledger_dir / "opsledger.yaml"
    config.write_text(config.read_text() + "commands: {inline_output_max: 1KiB}\n")
    git(ledger_dir, "commit", "-qam", "small outputs")
    task_id = created_id(run("task", "new", "capture"))
    data = b"".join(f"row {i}\n".encode() for i in range(2000))
    proc = capture(ledger_dir, task_id, data)
    assert proc.returncode == 0, proc.stderr
    entry = last_entry(ledger_dir, task_id)
    assert entry["output_file"] == f"outputs/{task_id}/1.log"
    assert (ledger_dir / f"outputs/{task_id}/1.log").read_bytes() == data
    assert str(entry["output"]).startswith("row 0\n") and str(entry["output"]).endswith(
        "row 1999\n"
    )
    files = git(ledger_dir, "show", "--name-only", "--format=", "HEAD").split()
    assert sorted(files) == [f"outputs/{task_id}/1.log", f"tasks/{task_id}.yaml"]
    assert git(ledger_dir, "status", "--porcelain") == ""


def test_closed_reader_keeps_what_was_read(ledger_dir: Path, run: Runner) -> None:
    task_id = created_id(run("task", "new", "capture"))
    proc = subprocess.Popen([*OPSLEDGER, "cmd", "capture", task_id, "--", "cat big"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=ledger_dir)  # fmt: skip
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(b"first line\n")
    proc.stdin.flush()
    assert proc.stdout.read(11) == b"first line\n"
    proc.stdout.close()  # the pager quit
    proc.stdin.write(b"second line\n")
    proc.stdin.close()
    assert proc.wait(timeout=30) == 0
    entry = last_entry(ledger_dir, task_id)
    assert entry["interrupted"] is True
    assert str(entry["output"]).startswith("first line\n")


def test_ctrl_c_keeps_what_was_read(ledger_dir: Path, run: Runner) -> None:
    task_id = created_id(run("task", "new", "capture"))
    proc = subprocess.Popen([*OPSLEDGER, "cmd", "capture", task_id, "--", "tail -f log"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=ledger_dir)  # fmt: skip
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(b"partial\n")
    proc.stdin.flush()
    assert proc.stdout.read(8) == b"partial\n"
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=30) == 0, proc.stderr.read() if proc.stderr else ""
    proc.stdin.close()
    entry = last_entry(ledger_dir, task_id)
    assert entry["interrupted"] is True
    assert entry["output"] == "partial\n"


def _high_water_kib(pid: int) -> int:
    """The peak RSS of the running program itself. rusage of a reaped child would also
    count the test process's own image, copied by fork() before the exec."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(match.group(1)) if match else 0


def test_a_100_mb_stream_passes_in_order_with_flat_memory(ledger_dir: Path, run: Runner) -> None:
    task_id = created_id(run("task", "new", "capture"))
    line = b"2026-11-20T10:00:00 pg-07 postgres[4242]: checkpoint complete: wrote 1234 buffers\n"
    count = 100 * 1024 * 1024 // len(line)
    block = line * 1024
    expected = hashlib.sha256()
    argv = [*OPSLEDGER, "--no-commit", "cmd", "capture", task_id, "--", "big"]
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=ledger_dir)
    assert proc.stdin is not None and proc.stdout is not None
    stdin = proc.stdin

    def feed() -> None:
        for _ in range(count // 1024):
            stdin.write(block)
        stdin.close()

    for _ in range(count // 1024):
        expected.update(block)
    writer = threading.Thread(target=feed)
    writer.start()
    got = hashlib.sha256()
    size = 0
    peak_kib = 0
    while chunk := proc.stdout.read(1 << 16):
        got.update(chunk)
        size += len(chunk)
        if size % (1 << 22) < len(chunk):
            peak_kib = max(peak_kib, _high_water_kib(proc.pid))
    writer.join()
    assert proc.wait(timeout=120) == 0
    assert size == len(block) * (count // 1024) and size > 99 * 1024 * 1024
    assert got.hexdigest() == expected.hexdigest()  # every byte, in order
    assert peak_kib > 0
    assert peak_kib < 90 * 1024, f"capture peaked at {peak_kib} KiB"
    spilled = ledger_dir / f"outputs/{task_id}/1.log"
    assert spilled.stat().st_size == size
    os.unlink(spilled)
