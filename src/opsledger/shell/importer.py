"""``cmd import``: a shell's history file into a task, appended as text in one commit."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from opsledger.model.errors import NotFound, UsageError
from opsledger.shell.append import Appended, Prepared, append_commands
from opsledger.shell.entries import CommandRecord
from opsledger.shell.history import PARSERS, HistoryItem
from opsledger.shell.redact import Encrypt
from opsledger.shell.settings import new_redactor, redaction_rules
from opsledger.store.workspace import Workspace


def default_history_file(shell: str, env: dict[str, str]) -> Path:
    home = Path(env.get("HOME", "~")).expanduser()
    if shell == "bash":
        return Path(env.get("HISTFILE") or home / ".bash_history")
    if shell == "zsh":
        return Path(env.get("HISTFILE") or Path(env.get("ZDOTDIR") or home) / ".zsh_history")
    data = Path(env.get("XDG_DATA_HOME") or home / ".local" / "share")
    session = env.get("fish_history") or "fish"
    return data / "fish" / f"{session}_history"


def select_items(
    items: list[HistoryItem],
    since: datetime | None,
    until: datetime | None,
    grep: str | None,
) -> list[HistoryItem]:
    """Items in [since, until) matching ``grep``; without a time an item passes only when
    no range is asked for."""
    try:
        pattern = re.compile(grep) if grep else None
    except re.error as exc:
        raise UsageError(f"--grep {grep!r}: {exc}") from None
    low = since.timestamp() if since else None
    high = until.timestamp() if until else None
    chosen: list[HistoryItem] = []
    for item in items:
        if (low is not None or high is not None) and item.when is None:
            continue
        if low is not None and item.when is not None and item.when < low:
            continue
        if high is not None and item.when is not None and item.when >= high:
            continue
        if pattern is not None and not pattern.search(item.cmd):
            continue
        chosen.append(item)
    return chosen


def import_history(
    ws: Workspace,
    fragment: str,
    shell: str,
    *,
    file: Path | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    grep: str | None = None,
    encrypt: Encrypt | None = None,
) -> Appended:
    if shell not in PARSERS:
        raise UsageError(f"unknown shell {shell!r}: use one of {', '.join(PARSERS)}")
    path = file or default_history_file(shell, ws.env)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"{path}: no such history file (pass --file)") from None
    items = select_items(PARSERS[shell](data), since, until, grep)
    rules = redaction_rules(ws)
    user = ws.me()
    prepared: list[Prepared] = []
    for item in items:
        redactor = new_redactor(rules)
        at = ws.timestamp(datetime.fromtimestamp(item.when, UTC)) if item.when is not None else None
        record = CommandRecord(
            cmd=redactor.redact(item.cmd), at=at, duration=item.duration, user=user
        )
        prepared.append(Prepared(record, redactor))
    summary = f"import {len(prepared)} commands from {shell} history"
    return append_commands(
        ws, fragment, prepared, verb="import", summary=summary, encrypt=encrypt,
        skip_existing=True,
    )  # fmt: skip
