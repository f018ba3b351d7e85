"""``alert serve``: the HTTP server, the journal and the background writer together."""

from __future__ import annotations

import secrets
import threading
from pathlib import Path

from opsledger.alerts.journal import Journal
from opsledger.alerts.metrics import Metrics
from opsledger.alerts.recovery import restore_leftovers
from opsledger.alerts.server import AlertServer
from opsledger.alerts.service import AlertService
from opsledger.alerts.writer import Writer, committed_in_git
from opsledger.model.errors import UsageError


def parse_listen(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or int(port) > 65535:
        raise UsageError(f"--listen: expected HOST:PORT, got {text!r}")
    return host.strip("[]") or "127.0.0.1", int(port)


def read_token(path: Path) -> str:
    try:
        token = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise UsageError(f"--token-file: cannot read {path}: {exc.strerror}") from None
    if not token:
        raise UsageError(f"--token-file: {path} is empty")
    return token


class Receiver:
    def __init__(
        self,
        service: AlertService,
        listen: str,
        *,
        token: str | None = None,
        push: bool = False,
        batch_size: int = 2000,
    ) -> None:
        self.service = service
        self.token = token
        folder = service.ws.paths.state / "alerts" / "journal"
        folder.mkdir(parents=True, exist_ok=True)
        ident = folder / "receiver-id"
        if not ident.exists():
            ident.write_text(secrets.token_hex(4), encoding="ascii")
        self.receiver_id = ident.read_text(encoding="ascii").strip()
        with service.ws.locked():
            self.journal = Journal(folder)
            in_git = committed_in_git(service, self.receiver_id)
            if in_git > self.journal.committed:  # crashed between commit and marker
                self.journal.mark_committed(in_git)
            if self.journal.pending:
                restore_leftovers(service.ws)
        self.metrics = Metrics(lambda: self.journal.depth)
        self.writer = Writer(
            service, self.journal, self.metrics, self.receiver_id, batch_size=batch_size, push=push
        )
        self.server = AlertServer(parse_listen(listen), self)
        self._stopped = threading.Event()
        self.closing = threading.Event()

    @property
    def address(self) -> tuple[str, int]:
        host, port = self.server.server_address[:2]
        return str(host), int(port)

    def healthy(self) -> bool:
        return self.writer.is_alive() and self.writer.failures < 3

    def serve(self) -> None:
        """Replay what the journal holds, then serve until ``shutdown``; drains on the way out."""
        self.writer.start()
        self.writer.wake.set()
        try:
            self.server.serve_forever(poll_interval=0.2)
        finally:
            self.server.server_close()
            self.writer.stop()
            self.journal.close()
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop accepting; ``serve`` then drains the journal into git and returns."""
        self.closing.set()
        threading.Thread(target=self.server.shutdown, daemon=True).start()
