"""Reading the history files bash, zsh and fish really write."""

from __future__ import annotations

import re
from dataclasses import dataclass

_BASH_STAMP = re.compile(rb"^#(\d+)$")
_ZSH_EXTENDED = re.compile(r"^: (\d+):(\d+);(.*)$", re.DOTALL)
_META = 0x83


@dataclass
class HistoryItem:
    cmd: str
    when: int | None = None  # epoch seconds
    duration: float | None = None


def _text(data: bytes) -> str:
    # Invalid UTF-8 is escaped (\xff), not lost.
    return data.decode("utf-8", errors="backslashreplace")


def parse_bash(data: bytes) -> list[HistoryItem]:
    """``#epoch`` lines (HISTTIMEFORMAT set) start an entry and every line up to the next
    one belongs to it, as bash reads multi-line entries back; without them each line is
    one command."""
    items: list[HistoryItem] = []
    current: HistoryItem | None = None
    lines: list[bytes] = []
    for line in data.split(b"\n"):
        stamp = _BASH_STAMP.match(line)
        if stamp:
            if current is not None:
                current.cmd = _text(b"\n".join(lines).rstrip(b"\n"))
                items.append(current)
            current, lines = HistoryItem("", int(stamp.group(1))), []
        elif current is not None:
            lines.append(line)
        elif line.strip():
            items.append(HistoryItem(_text(line)))
    if current is not None:
        current.cmd = _text(b"\n".join(lines).rstrip(b"\n"))
        items.append(current)
    return [item for item in items if item.cmd.strip()]


def unmetafy(data: bytes) -> bytes:
    """zsh stores bytes 0x83–0xa2 (and NUL) as 0x83 followed by the byte XOR 0x20."""
    if _META not in data:
        return data
    out = bytearray()
    flip = False
    for byte in data:
        if flip:
            out.append(byte ^ 0x20)
            flip = False
        elif byte == _META:
            flip = True
        else:
            out.append(byte)
    return bytes(out)


def parse_zsh(data: bytes) -> list[HistoryItem]:
    """``: start:elapsed;command`` (EXTENDED_HISTORY) or plain lines; a line ending in a
    backslash continues on the next (zsh writes embedded newlines that way)."""
    items: list[HistoryItem] = []
    lines = unmetafy(data).split(b"\n")
    index = 0
    while index < len(lines):
        parts = [lines[index]]
        while parts[-1].endswith(b"\\") and index + 1 < len(lines):
            parts[-1] = parts[-1][:-1]
            index += 1
            parts.append(lines[index])
        index += 1
        text = _text(b"\n".join(parts))
        match = _ZSH_EXTENDED.match(text)
        if match:
            start, elapsed, cmd = match.groups()
            items.append(HistoryItem(cmd, int(start), float(elapsed)))
        elif text.strip():
            items.append(HistoryItem(text))
    return [item for item in items if item.cmd.strip()]


def fish_unescape(text: str) -> str:
    """fish writes ``\\`` as ``\\\\`` and a newline as ``\\n`` in ``cmd:``."""
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in "\\n":
            out.append("\n" if text[index + 1] == "n" else "\\")
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def parse_fish(data: bytes) -> list[HistoryItem]:
    items: list[HistoryItem] = []
    for line in _text(data).split("\n"):
        if line.startswith("- cmd: "):
            items.append(HistoryItem(fish_unescape(line[len("- cmd: ") :])))
        elif line.startswith("  when: ") and items:
            try:
                items[-1].when = int(line[len("  when: ") :].strip())
            except ValueError:
                continue
    return [item for item in items if item.cmd.strip()]


PARSERS = {"bash": parse_bash, "zsh": parse_zsh, "fish": parse_fish}
