"""The HTTP side of ``alert serve``: standard-library ThreadingHTTPServer.

200 only after the payload is fsynced to the journal; 400 (JSON error) for a payload
that can never succeed, kept as rejected; 401 bad token; 413 too large; 503 when the
journal cannot be written (the sender retries 5xx). Never a 500 for bad input.
"""

from __future__ import annotations

import hmac
import json
import logging
import socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from opsledger.alerts import rejected
from opsledger.alerts.limits import decode_json
from opsledger.alerts.normal import Rejected
from opsledger.alerts.sources import parse_payload

if TYPE_CHECKING:
    from opsledger.alerts.receiver import Receiver

log = logging.getLogger("opsledger.alerts")
ROUTES = {
    "alertmanager": "alertmanager",
    "grafana": "grafana",
    "cloudwatch": "cloudwatch",
    "generic": "generic",
    "zabbix": "zabbix",
    "nagios": "nagios",
}


class AlertServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def __init__(self, address: tuple[str, int], receiver: Receiver) -> None:
        super().__init__(address, Handler)
        self.receiver = receiver


class Handler(BaseHTTPRequestHandler):
    server: AlertServer  # pyright: ignore[reportIncompatibleVariableOverride]
    protocol_version = "HTTP/1.1"
    server_version = "opsledger"

    def setup(self) -> None:
        super().setup()
        # Headers and body are two writes: without NODELAY, Nagle and the sender's
        # delayed ACK add ~40 ms to every keep-alive request.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def _send(
        self, code: int, payload: dict[str, Any] | str, ctype: str = "application/json"
    ) -> None:
        body = (payload if isinstance(payload, str) else json.dumps(payload)).encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        receiver = self.server.receiver
        if self.path == "/healthz":
            ok = receiver.healthy()
            self._send(
                200 if ok else 503,
                {"status": "ok" if ok else "degraded", "journal_depth": receiver.journal.depth},
            )
        elif self.path == "/metrics":
            self._send(200, receiver.metrics.render(), "text/plain; version=0.0.4")
        else:
            self._send(404, {"error": "not found"})

    def _authorised(self) -> bool:
        token = self.server.receiver.token
        if token is None:
            return True
        given = self.headers.get("Authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())

    def do_POST(self) -> None:
        receiver = self.server.receiver
        if receiver.closing.is_set():  # draining: keep-alive senders must go elsewhere or retry
            self.close_connection = True
            self._send(503, {"error": "shutting down; retry later"})
            return
        route, _, mapping = self.path.split("?", 1)[0].removeprefix("/alerts/").partition("/")
        if not self.path.startswith("/alerts/") or route not in ROUTES:
            self._send(404, {"error": "unknown path; use /alerts/<source>"})
            return
        if not self._authorised():
            self._send(401, {"error": "missing or wrong bearer token"})
            return
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self.close_connection = True
            self._send(411, {"error": "Content-Length required"})
            return
        limit = receiver.service.policy.limits.max_payload_bytes
        if length > limit or length < 0:
            self.close_connection = True
            self._send(413, {"error": f"payload of {length} bytes exceeds {limit}"})
            return
        body = self.rfile.read(length)
        source = ROUTES[route] + (f":{mapping}" if mapping else "")
        self._accept(source, body)

    def _accept(self, source: str, body: bytes) -> None:
        receiver = self.server.receiver
        try:
            _, parsed = parse_payload(
                source, decode_json(body, receiver.service.policy.limits), receiver.service.policy
            )
            receiver.metrics.add("received", len(parsed.alerts))
        except Rejected as exc:
            receiver.metrics.add("rejected")
            try:
                rid = rejected.store(
                    receiver.service.ws, source, body, exc.message, receiver.service.ws.now()
                )
            except OSError:
                rid = None
            self._send(400, {"error": exc.message, "rejected": rid})
            return
        try:
            receiver.journal.append(source, body)
        except OSError as exc:
            log.error("journal write failed: %s", exc)
            self._send(503, {"error": "journal unavailable; retry later"})
            return
        receiver.writer.wake.set()
        self._send(200, {"status": "journaled"})
