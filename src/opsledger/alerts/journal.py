"""The receiver's durable journal in ``state/alerts/journal/``: an accepted payload is
appended and fsynced before the sender hears 200, and leaves only once committed.

Segments are JSON-lines files. Concurrent requests share fsyncs (group commit): a
thread whose line another thread's fsync already covered does not sync again. A torn
last line (a crash mid-write, never acknowledged) is ignored on recovery.
"""

from __future__ import annotations

import base64
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from opsledger.store.atomic import fsync_directory, write_atomic

_SEGMENT_BYTES = 8 << 20


@dataclass(frozen=True)
class Entry:
    seq: int
    source: str
    body: bytes


def _line(entry: Entry) -> bytes:
    try:
        body = {"body": entry.body.decode("utf-8")}
    except UnicodeDecodeError:
        body = {"body_base64": base64.b64encode(entry.body).decode("ascii")}
    record = {"seq": entry.seq, "source": entry.source, **body}
    return json.dumps(record, separators=(",", ":")).encode() + b"\n"


def _entries(path: Path) -> list[Entry]:
    out: list[Entry] = []
    for raw in path.read_bytes().split(b"\n"):
        try:
            record = json.loads(raw)
            body = (
                base64.b64decode(record["body_base64"])
                if "body_base64" in record
                else str(record["body"]).encode("utf-8")
            )
            out.append(Entry(int(record["seq"]), str(record["source"]), body))
        except (ValueError, KeyError, TypeError):
            continue  # the torn tail of a crash: never acknowledged
    return out


class Journal:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._sync_lock = threading.Lock()
        self._synced = 0
        self.committed = self._read_committed()
        self.pending: list[Entry] = []
        segments = self._segments()
        for segment in segments:
            self.pending.extend(e for e in _entries(segment) if e.seq > self.committed)
        self.seq = max([self.committed, *(e.seq for e in self.pending)])
        self._synced = self.seq  # what recovery read back is on disk
        self._open_segment()

    def _segments(self) -> list[Path]:
        return sorted(self.folder.glob("seg-*.jsonl"), key=lambda p: int(p.stem[4:]))

    def _read_committed(self) -> int:
        try:
            return int((self.folder / "committed").read_text(encoding="ascii"))
        except (OSError, ValueError):
            return 0

    def _open_segment(self) -> None:
        self.segment = self.folder / f"seg-{self.seq + 1}.jsonl"
        self._fd = os.open(
            self.segment, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o600
        )
        self._size = os.fstat(self._fd).st_size
        fsync_directory(self.folder)

    def append(self, source: str, body: bytes) -> Entry:
        """Durably journal one payload; OSError (disk full…) means: answer 503."""
        with self._lock:
            entry = Entry(self.seq + 1, source, body)
            line = _line(entry)
            os.write(self._fd, line)
            self.seq = entry.seq
            self._size += len(line)
            self.pending.append(entry)  # in seq order; taken only once synced
            fd = self._fd
        with self._sync_lock:
            if self._synced < entry.seq:
                target = self.seq  # every line up to here is written: one fsync covers them
                os.fsync(fd)
                self._synced = target
        with self._lock:
            if self._size > _SEGMENT_BYTES:
                self._rotate()
        return entry

    def _rotate(self) -> None:
        with self._sync_lock:
            os.fsync(self._fd)
            self._synced = self.seq
        os.close(self._fd)
        self._open_segment()

    def take(self, limit: int) -> list[Entry]:
        with self._lock:
            return [e for e in self.pending if e.seq <= self._synced][:limit]

    @property
    def depth(self) -> int:
        return len(self.pending)

    def mark_committed(self, upto: int) -> None:
        """Entries up to ``upto`` are in git: forget them and drop whole old segments."""
        with self._lock:
            self.pending = [e for e in self.pending if e.seq > upto]
            self.committed = max(self.committed, upto)
            write_atomic(self.folder / "committed", str(self.committed))
            if not self.pending and self._size:
                self._rotate()
            for segment in self._segments():
                if segment != self.segment and all(e.seq <= upto for e in _entries(segment)):
                    segment.unlink()

    def close(self) -> None:
        with self._lock:
            os.close(self._fd)
