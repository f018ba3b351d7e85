"""The receiver's background writer: journal entries → batches → one commit each.

The commit subject carries ``[journal <receiver>:<first>-<last>]``; after a crash between
the commit and the ``committed`` marker, recovery reads it back from git, so nothing that
was committed is applied twice and nothing journaled is lost.
"""

from __future__ import annotations

import logging
import re
import threading
import time

from opsledger.alerts.journal import Journal
from opsledger.alerts.metrics import Metrics
from opsledger.alerts.service import AlertService

log = logging.getLogger("opsledger.alerts")
_MARK = re.compile(r"\[journal ([0-9a-f]+):(\d+)-(\d+)\]")


def committed_in_git(service: AlertService, receiver: str, depth: int = 200) -> int:
    proc = service.ws.git.run("log", f"-n{depth}", "--format=%s", check=False)
    best = 0
    for match in _MARK.finditer(proc.stdout.decode("utf-8", "replace")):
        if match.group(1) == receiver:
            best = max(best, int(match.group(3)))
    return best


class Writer(threading.Thread):
    def __init__(
        self,
        service: AlertService,
        journal: Journal,
        metrics: Metrics,
        receiver: str,
        *,
        batch_size: int = 2000,
        delay: float = 0.25,
        push: bool = False,
    ) -> None:
        super().__init__(name="opsledger-alert-writer", daemon=True)
        self.service = service
        self.journal = journal
        self.metrics = metrics
        self.receiver = receiver
        self.batch_size = batch_size
        self.delay = delay
        self.push = push
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.failures = 0

    def run(self) -> None:
        while True:
            self.wake.wait(timeout=1.0)
            self.wake.clear()
            if not self.stopping.is_set():
                time.sleep(self.delay)  # let a burst gather into one commit
            while self.journal.take(1):
                if not self.flush_once():
                    time.sleep(min(5.0, 0.2 * 2 ** min(self.failures, 5)))
                    if self.stopping.is_set() and self.failures > 5:
                        return
            if self.stopping.is_set():
                return

    def flush_once(self) -> bool:
        entries = self.journal.take(self.batch_size)
        if not entries:
            return True
        mark = f"journal {self.receiver}:{entries[0].seq}-{entries[-1].seq}"
        started = time.monotonic()
        try:
            report = self.service.ingest_many([(e.source, e.body) for e in entries], mark=mark)
            if self.push and report.commit:
                from opsledger.alerts.push import push

                push(self.service.ws)
        except Exception:  # any failure: the entries stay journaled and are retried
            log.exception("alert batch %s failed; will retry", mark)
            self.failures += 1
            self.metrics.add("commit_failures")
            return False
        self.failures = 0
        self.journal.mark_committed(entries[-1].seq)
        self.metrics.commit_latency(time.monotonic() - started)
        self.metrics.add("created", len(report.created))
        self.metrics.add("deduplicated", report.deduplicated)
        self.metrics.add("rejected", len(report.rejected))
        if report.commit:
            self.metrics.add("commits")
        return True

    def stop(self) -> None:
        """Drain what is journaled, then end (SIGTERM)."""
        self.stopping.set()
        self.wake.set()
        self.join()
