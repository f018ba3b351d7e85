"""A command entry as it is written to ``commands:`` (DESIGN 3.1), built without pydantic."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from opsledger.model.errors import UsageError
from opsledger.model.ids import ENTRY_ID_RE, new_entry_id
from opsledger.model.timestamps import is_timestamp

# The file order of the keys; everything else is refused by the Task model anyway.
ENTRY_KEYS = (
    "id", "at", "cmd", "exit", "duration", "cwd", "host", "user",
    "output", "output_file", "interrupted", "template", "redacted",
)  # fmt: skip


@dataclass
class CommandRecord:
    """What is known about one command before it becomes an entry."""

    cmd: str
    at: str | None = None  # a timestamp string; None means "now"
    exit: int | None = None
    duration: float | None = None
    cwd: str | None = None
    host: str | None = None
    user: str | None = None
    output: str | None = None
    output_file: str | None = None
    interrupted: bool = False
    template: str | None = None
    redacted: dict[str, str | None] = field(default_factory=lambda: {})


def build_entry(record: CommandRecord, at: str, entry_id: str | None = None) -> dict[str, Any]:
    """The entry mapping: ``exit`` is always written (null means unknown), other empty
    fields are left out so the file stays short."""
    if not record.cmd.strip():
        raise UsageError("an empty command records nothing; give the command text")
    if record.duration is not None and record.duration < 0:
        raise UsageError(f"duration must not be negative, got {record.duration}")
    entry: dict[str, Any] = {
        "id": entry_id or new_entry_id(),
        "at": record.at or at,
        "cmd": record.cmd,
        "exit": record.exit,
    }
    if record.duration is not None:
        entry["duration"] = round(float(record.duration), 3)
    optional = {
        "cwd": record.cwd,
        "host": record.host,
        "user": record.user,
        "output": record.output,
        "output_file": record.output_file,
        "template": record.template,
    }
    entry.update({key: value for key, value in optional.items() if value is not None})
    if record.interrupted:
        entry["interrupted"] = True
    if record.redacted:
        entry["redacted"] = dict(record.redacted)
    check_entry(entry)
    return {key: entry[key] for key in ENTRY_KEYS if key in entry}


def check_entry(entry: dict[str, Any]) -> None:
    """The lean checks of the hot path; a property test proves the Task model agrees."""
    if not ENTRY_ID_RE.match(str(entry["id"])):
        raise UsageError(f"entry id {entry['id']!r} is not 6 base32 characters")
    if not is_timestamp(str(entry["at"])):
        raise UsageError(f"{entry['at']!r} is not a timestamp YYYY-MM-DDTHH:MM:SS+HH:MM")
    exit_code = entry.get("exit")
    if exit_code is not None and (isinstance(exit_code, bool) or not isinstance(exit_code, int)):
        raise UsageError(f"exit must be an integer, got {exit_code!r}")
