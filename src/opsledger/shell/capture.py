"""``cmd capture``: pass a command's output through unchanged while keeping it.

Bytes go out as they come in (tee); the collector keeps a bounded head and tail and
spills the whole text to a file, so memory stays flat for any stream. SIGINT, SIGTERM,
SIGHUP and a closed reader (SIGPIPE) end the capture early: what was read is kept and
the entry says ``interrupted: true``.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Generator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType

from opsledger.shell.outputs import CollectedOutput, OutputCollector

CHUNK = 64 * 1024


class _Stop(Exception):
    pass


@dataclass
class CaptureResult:
    output: CollectedOutput
    interrupted: bool


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop(signum)


@contextmanager
def _stop_on_signals() -> Generator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers (an API caller's worker thread)
        return
    wanted = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]
    previous = {sig: signal.signal(sig, _raise_stop) for sig in wanted}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def tee(source_fd: int, sink_fd: int | None, collector: OutputCollector) -> CaptureResult:
    """Copy ``source_fd`` to ``sink_fd`` chunk by chunk, feeding the collector."""
    interrupted = False
    with _stop_on_signals():
        try:
            while True:
                chunk = os.read(source_fd, CHUNK)
                if not chunk:
                    break
                collector.feed(chunk)
                if sink_fd is not None:
                    try:
                        _write_all(sink_fd, chunk)
                    except BrokenPipeError:
                        interrupted = True  # the reader went away (SIGPIPE): keep what we have
                        break
        except (_Stop, KeyboardInterrupt):
            interrupted = True
    output = collector.close()
    return CaptureResult(output, interrupted or output.truncated)
