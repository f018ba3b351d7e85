"""The spool the shell hooks append to, and reading it back into command records.

A record is ``\\x1e`` followed by fields joined with ``\\x1f``:
``v1, shell, pid, start, end, duration_ms, exit, cwd, host, task, command[, …]``.
bash writes the ``history 1`` line as the command; fish adds the newest history item
with its time, which belongs to the *previous* command (fish has no clock variable).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

# `history 1` prints "%5d%c %s": the number, "*" when edited (else a space), the text.
_BASH_LINE = re.compile(r"^\s*(\d+)[ *] (.*)$", re.DOTALL)
_FIELDS = 11
# Focusing and unfocusing are not part of the work being recorded.
_OWN = re.compile(r"\bopsledger\s+(?:-C\s+\S+\s+)?(?:focus|unfocus)\b")


@dataclass
class SpoolRecord:
    shell: str
    pid: str
    task: str
    cmd: str
    start: float | None
    duration: float | None
    exit: int | None
    cwd: str | None
    host: str | None
    raw: bytes = b""  # the record as spooled, to put back when it is not taken


def spool_path(state: Path) -> Path:
    return state / "shell" / "spool"


def ensure_spool(state: Path) -> Path:
    """Create the spool, private: its folder 0700 and the file 0600."""
    path = spool_path(state)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)
    return path


def parse_spool(data: bytes) -> list[SpoolRecord]:
    records: list[SpoolRecord] = []
    last_history: dict[str, str] = {}  # bash: pid → history number already taken
    for raw in data.split(b"\x1e")[1:]:
        fields = raw.decode("utf-8", errors="backslashreplace").split("\x1f")
        if len(fields) < _FIELDS or fields[0] != "v1":
            continue  # a torn or foreign record: skip it rather than guess
        shell, pid = fields[1], fields[2]
        cmd = fields[10].removesuffix("\n") if shell != "fish" else fields[10]
        if shell == "bash":
            match = _BASH_LINE.match(cmd)
            if match is None or last_history.get(pid) == match.group(1):
                continue  # not from history, or a repeat (ignorespace, empty line)
            last_history[pid] = match.group(1)
            cmd = match.group(2)
        if shell == "fish" and len(fields) >= 13:
            _fish_time(records, pid, fields[11], fields[12].rstrip("\n"))
        if not cmd.strip() or _OWN.search(cmd):
            continue
        start, end, millis = _number(fields[3]), _number(fields[4]), _number(fields[5])
        duration = end - start if start is not None and end is not None else None
        if millis is not None:
            duration = millis / 1000
        exit_code = _number(fields[6])
        records.append(
            SpoolRecord(
                shell=shell,
                pid=pid,
                task=fields[9],
                cmd=cmd,
                start=start,
                duration=round(max(duration, 0.0), 3) if duration is not None else None,
                exit=int(exit_code) if exit_code is not None else None,
                cwd=fields[7] or None,
                host=fields[8].split(".")[0] or None,
                raw=b"\x1e" + raw,
            )
        )
    return records


def _fish_time(records: list[SpoolRecord], pid: str, epoch: str, cmd: str) -> None:
    """The history item fish showed names the previous command of that shell and its
    start time: give it to that record when the texts agree."""
    for record in reversed(records):
        if record.pid == pid and record.shell == "fish":
            if record.start is None and record.cmd == cmd:
                record.start = _number(epoch)
            return


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None
