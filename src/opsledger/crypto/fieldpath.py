"""Field paths (``a.b[3].c``), which fields may be encrypted, and ``secret_fields`` globs."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from fnmatch import fnmatchcase
from typing import Any

from opsledger.model.errors import UsageError

KeyPath = tuple[str | int, ...]

# Free text a person writes; encrypting it does not break any structure or reference.
FREE_TEXT = frozenset({"description", "note", "resolution", "text", "comment", "output", "cmd"})
_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def format_path(keypath: Sequence[str | int]) -> str:
    out = ""
    for part in keypath:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def parse_path(text: str) -> KeyPath:
    """``channels.sre-slack.url`` or ``commands[1].redacted.1`` as a key path."""
    parts: list[str | int] = []
    pos = 0
    while pos < len(text):
        if parts and text[pos] == ".":
            pos += 1
        match = _SEGMENT.match(text, pos)
        if match is None:
            raise UsageError(f"{text!r} is not a field path like secrets.db_password")
        parts.append(int(match.group(2)) if match.group(2) else match.group(1))
        pos = match.end()
    if not parts:
        raise UsageError("the field path is empty")
    return tuple(parts)


def may_encrypt(keypath: Sequence[str | int], relpath: str, secret_fields: Sequence[str]) -> bool:
    """DESIGN 3.6: secrets.*, labels.*, x-*, redacted.*, free text, and secret_fields."""
    keys = [p for p in keypath if isinstance(p, str)]
    if any(k.startswith("x-") for k in keys):
        return True
    if len(keypath) >= 2 and keypath[-2] in ("secrets", "labels", "redacted"):
        return True
    if keys and keypath[-1] == keys[-1] and keys[-1] in FREE_TEXT:
        return True
    return is_secret_field(keypath, relpath, secret_fields)


def is_secret_field(keypath: Sequence[str | int], relpath: str, patterns: Sequence[str]) -> bool:
    return any(_field_matches(p, relpath, keypath) for p in patterns)


def _field_matches(pattern: str, relpath: str, keypath: Sequence[str | int]) -> bool:
    file_glob, _, key_glob = pattern.rpartition(":")
    if file_glob and not glob_match(file_glob.split("/"), relpath.split("/")):
        return False
    wanted = [s for s in re.split(r"\.|\[(\d+|\*)\]", key_glob) if s]
    return glob_match(wanted, [str(p) for p in keypath])


def glob_match(pattern: Sequence[str], parts: Sequence[str]) -> bool:
    """Segment globs: ``*`` (and fnmatch within a segment) is one segment, ``**`` any number."""
    if not pattern:
        return not parts
    head = pattern[0]
    if head == "**":
        return any(glob_match(pattern[1:], parts[i:]) for i in range(len(parts) + 1))
    return bool(parts) and fnmatchcase(parts[0], head) and glob_match(pattern[1:], parts[1:])


def path_glob_match(glob: str, relpath: str) -> bool:
    return glob in ("*", "**") or glob_match(glob.strip("/").split("/"), relpath.split("/"))


def walk(data: Any, prefix: KeyPath = ()) -> Iterator[tuple[KeyPath, Any]]:
    """Every scalar with its key path, in document order."""
    if isinstance(data, dict):
        for key, value in data.items():  # pyright: ignore[reportUnknownVariableType]
            yield from walk(value, (*prefix, str(key)))  # pyright: ignore[reportUnknownArgumentType]
    elif isinstance(data, list):
        for index, value in enumerate(data):  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
            yield from walk(value, (*prefix, index))
    else:
        yield prefix, data
