"""``cmd flush``: move the spool into the tasks, redacted, in one commit.

The spool is swapped for a fresh empty one before reading, so a shell appending at
that moment writes to one file or the other and nothing is lost; records that are not
taken (another task, or a failure) go back into the spool.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from opsledger.model.errors import NotFound
from opsledger.shell.append import Appended, Prepared, append_commands
from opsledger.shell.entries import CommandRecord
from opsledger.shell.redact import Encrypt
from opsledger.shell.settings import new_redactor, redaction_rules
from opsledger.shell.spool import SpoolRecord, ensure_spool, parse_spool, spool_path
from opsledger.store.records import find_task
from opsledger.store.workspace import Workspace


def _take(spool: Path) -> bytes:
    taking = spool.with_name("spool.flushing")
    if spool.exists():
        fresh = spool.with_name("spool.new")
        fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.close(fd)
        leftover = taking.read_bytes() if taking.exists() else b""
        os.replace(spool, taking)
        os.replace(fresh, spool)
        if leftover:  # an earlier flush died after taking: keep its records first
            taking.write_bytes(leftover + taking.read_bytes())
    return taking.read_bytes() if taking.exists() else b""


def _give_back(spool: Path, data: bytes) -> None:
    if data:
        fd = os.open(spool, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)


def flush_spool(
    ws: Workspace, fragment: str | None = None, *, encrypt: Encrypt | None = None
) -> list[Appended]:
    """Append the spooled commands of one task (or of every task) and commit once."""
    wanted = find_task(ws, fragment)[0] if fragment else None
    spool = spool_path(ws.paths.state)
    appended: list[Appended] = []
    with ws.locked():
        ensure_spool(ws.paths.state)
        taking = spool.with_name("spool.flushing")
        raw = _take(spool)
        keep: list[bytes] = []
        groups: dict[str, list[SpoolRecord]] = {}
        for record in parse_spool(raw):
            try:
                task_id = find_task(ws, record.task)[0]
            except NotFound:
                keep.append(record.raw)  # the task is gone (or on another branch): keep it
                continue
            if wanted is not None and task_id != wanted:
                keep.append(record.raw)
                continue
            groups.setdefault(task_id, []).append(record)
        try:
            appended = _append_groups(ws, groups, encrypt)
        except BaseException:
            _give_back(spool, raw)
            taking.unlink(missing_ok=True)
            raise
        _give_back(spool, b"".join(keep))
        taking.unlink(missing_ok=True)
    return appended


def _append_groups(
    ws: Workspace, groups: dict[str, list[SpoolRecord]], encrypt: Encrypt | None
) -> list[Appended]:
    if not groups:
        return []
    target = next(iter(groups)) if len(groups) == 1 else "batch"
    count = sum(len(v) for v in groups.values())
    rules = redaction_rules(ws)
    user = ws.me()
    now = ws.timestamp()
    done: list[Appended] = []
    with ws.transaction("cmd", "flush", target, f"{count} commands from the shell"):
        for task_id, records in groups.items():
            prepared: list[Prepared] = []
            for record in records:
                redactor = new_redactor(rules)
                at = (
                    ws.timestamp(datetime.fromtimestamp(record.start, UTC))
                    if record.start is not None
                    else now
                )
                prepared.append(
                    Prepared(
                        CommandRecord(
                            cmd=redactor.redact(record.cmd),
                            at=at,
                            exit=record.exit,
                            duration=record.duration,
                            cwd=record.cwd,
                            host=record.host,
                            user=user,
                        ),
                        redactor,
                    )
                )
            summary = f"{len(prepared)} commands from the shell"
            done.append(
                append_commands(
                    ws, task_id, prepared, verb="flush", summary=summary, encrypt=encrypt
                )
            )
    return done
