"""Drive a real interactive shell in a pseudo-terminal, as a person at a keyboard would."""

from __future__ import annotations

import os
import pty
import select
import time
from collections.abc import Sequence
from pathlib import Path


def run_interactive(
    argv: Sequence[str], lines: Sequence[str], env: dict[str, str], cwd: Path, limit: float = 30
) -> str:
    """Type ``lines`` (each followed by Enter) into ``argv`` on a pty, then ``exit``; return
    everything the terminal showed. Each line is typed once the shell has drained the
    previous one, so line editors never see type-ahead."""
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child becomes the shell
        os.chdir(cwd)
        os.execvpe(argv[0], list(argv), env)
    shown = bytearray()
    deadline = time.monotonic() + limit
    pending = [*lines, "exit"]

    def drain(quiet: float) -> bool:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], quiet)
            if not ready:
                return True
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return False
            if not chunk:
                return False
            shown.extend(chunk)
        return False

    alive = drain(0.5)
    while alive and pending:
        os.write(fd, pending.pop(0).encode() + b"\r")
        alive = drain(0.3)
    while alive:
        alive = drain(1.0)
    os.close(fd)
    os.waitpid(pid, 0)
    return shown.decode("utf-8", errors="replace")
