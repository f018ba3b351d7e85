"""Command output, streamed: decode (invalid UTF-8 escaped), strip ANSI, redact, and keep
the head and tail inline while the whole text spills to a file. Memory stays bounded by
the inline limit whatever the size of the stream."""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from opsledger.shell.redact import Redactor

DEFAULT_INLINE_MAX = 16 * 1024
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: titles, hyperlinks
    r"|\x1b[P^_][^\x1b]*\x1b\\"  # DCS, PM, APC
    r"|\x1b[@-Z\\-_]"  # two-byte sequences
)
_PENDING_MAX = 64 * 1024  # a line longer than this is processed without waiting for its end
_UNITS = {"B": 1, "KiB": 1024, "MiB": 1024**2, "GiB": 1024**3}


def parse_size(text: str | int | None) -> int:
    if text is None:
        return DEFAULT_INLINE_MAX
    if isinstance(text, int):
        return text
    match = re.fullmatch(r"(\d+)(B|KiB|MiB|GiB)?", text.strip())
    if not match:
        raise ValueError(f"not a size: {text!r} (e.g. 16KiB)")
    return int(match.group(1)) * _UNITS[match.group(2) or "B"]


@dataclass
class CollectedOutput:
    text: str  # what goes inline: everything, or the head and tail
    total: int  # bytes of processed text
    spill: Path | None  # the full text when it did not fit inline
    truncated: bool  # the stream ended inside a character or an escape sequence


class OutputCollector:
    def __init__(
        self, limit: int, spill_dir: Path, redactor: Redactor, *, keep_ansi: bool = False
    ) -> None:
        self.limit = limit
        self.half = max(limit // 2, 1)
        self.spill_dir = spill_dir
        self.redactor = redactor
        self.keep_ansi = keep_ansi
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="backslashreplace")
        self._pending = ""
        self._head = bytearray()
        self._tail = bytearray()
        self._total = 0
        self._spill: BinaryIO | None = None
        self._spill_path: Path | None = None

    def feed(self, data: bytes) -> None:
        text = self._pending + self._decoder.decode(data)
        cut = _safe_cut(text)
        self._pending = text[cut:]
        if cut:
            self._emit(text[:cut])

    def close(self) -> CollectedOutput:
        undecoded = bool(self._decoder.getstate()[0])
        text = self._pending + self._decoder.decode(b"", final=True)
        truncated = undecoded or ("\x1b" in text[-32:] and _ANSI.search(text[-32:]) is None)
        self._pending = ""
        if text:
            self._emit(text)
        if self._spill is not None:
            self._spill.close()
        if self._total <= self.limit:
            inline = self._head.decode("utf-8", errors="backslashreplace")
        else:
            head = _whole_lines(bytes(self._head[: self.half]), head=True)
            tail = _whole_lines(bytes(self._tail[-self.half :]), head=False)
            skipped = self._total - len(head.encode()) - len(tail.encode())
            inline = f"{head}\n[… {skipped} bytes not shown: see output_file …]\n{tail}"
        return CollectedOutput(inline, self._total, self._spill_path, truncated)

    def discard(self) -> None:
        if self._spill is not None:
            self._spill.close()
        if self._spill_path is not None:
            self._spill_path.unlink(missing_ok=True)

    def _emit(self, text: str) -> None:
        if not self.keep_ansi:
            text = _ANSI.sub("", text)
        data = self.redactor.redact(text).encode("utf-8")
        self._total += len(data)
        if self._spill is None:
            room = self.limit - len(self._head)
            self._head += data[:room]
            if len(data) > room:
                self._open_spill()
                assert self._spill is not None
                self._spill.write(data[room:])
        else:
            self._spill.write(data)
        self._tail += data
        if len(self._tail) > 4 * self.half:
            del self._tail[: -self.half]

    def _open_spill(self) -> None:
        self.spill_dir.mkdir(parents=True, exist_ok=True)
        path = self.spill_dir / f".capture-{os.getpid()}-{id(self):x}.log"
        self._spill = path.open("wb")
        self._spill_path = path
        self._spill.write(self._head)


def _whole_lines(data: bytes, *, head: bool) -> str:
    """Cut a head or tail at a line end when there is one, never inside a character."""
    if head:
        end = data.rfind(b"\n") + 1
        data = data[:end] if end else data
    else:
        start = data.find(b"\n") + 1
        data = data[start:] if 0 < start < len(data) else data
    return data.decode("utf-8", errors="ignore")


def _safe_cut(text: str) -> int:
    """Process up to the last line end, but hold back an unfinished private-key block."""
    cut = text.rfind("\n") + 1
    if cut == 0 and len(text) > _PENDING_MAX:
        cut = len(text)
    begin = text.rfind("-----BEGIN", 0, cut)
    if begin != -1 and text.find("-----END", begin) == -1 and len(text) - begin < _PENDING_MAX:
        cut = begin
    return cut
