from __future__ import annotations

import http.client
import json
import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from opsledger.alerts.journal import Journal
from opsledger.alerts.receiver import Receiver, parse_listen, read_token
from opsledger.ledger import Ledger
from opsledger.model.errors import UsageError
from tests.alerts.conftest import am_alert, am_payload
from tests.helpers import git, require_tool


def start(repo: Path, token: str | None = None) -> tuple[Receiver, threading.Thread]:
    receiver = Receiver(Ledger.open(repo).alerts, "127.0.0.1:0", token=token)
    thread = threading.Thread(target=receiver.serve, daemon=True)
    thread.start()
    return receiver, thread


def stop(receiver: Receiver, thread: threading.Thread) -> None:
    receiver.shutdown()
    thread.join(timeout=20)
    assert not thread.is_alive()


@pytest.fixture
def served(alert_ledger: Path) -> Iterator[Receiver]:
    receiver, thread = start(alert_ledger, token="s3cret")
    yield receiver
    stop(receiver, thread)


def request(
    receiver: Receiver,
    method: str,
    path: str,
    body: bytes = b"",
    token: str | None = "s3cret",
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(*receiver.address, timeout=10)
    sent = {"Authorization": f"Bearer {token}"} if token else {}
    conn.request(method, path, body=body, headers={**sent, **(headers or {})})
    response = conn.getresponse()
    result = response.status, response.read()
    conn.close()
    return result


def tasks(repo: Path) -> list[str]:
    return sorted(p.stem for p in (repo / "tasks").glob("*.yaml"))


def test_accepted_payload_is_committed_and_drained(alert_ledger: Path) -> None:
    receiver, thread = start(alert_ledger)
    status, body = request(
        receiver, "POST", "/alerts/alertmanager", am_payload(am_alert("Other")), None
    )
    assert (status, json.loads(body)) == (200, {"status": "journaled"})
    stop(receiver, thread)  # SIGTERM path: drains the journal before returning
    assert len(tasks(alert_ledger)) == 1
    assert "[journal " in git(alert_ledger, "log", "-1", "--format=%s")


def test_status_codes(served: Receiver, alert_ledger: Path) -> None:
    assert request(served, "POST", "/alerts/alertmanager", b"{}", token="wrong")[0] == 401
    assert request(served, "POST", "/alerts/alertmanager", b"{}", token=None)[0] == 401
    assert request(served, "POST", "/alerts/nowhere", b"{}")[0] == 404
    assert request(served, "GET", "/nowhere")[0] == 404
    status, body = request(served, "POST", "/alerts/grafana", b"not json")
    assert status == 400 and json.loads(body)["error"].startswith("payload is not JSON")
    assert json.loads(body)["rejected"] in [r["id"] for r in served.service.rejected()]
    with socket.create_connection(served.address, timeout=10) as sock:
        # the answer comes from the header alone: the body is never read
        sock.sendall(
            b"POST /alerts/generic HTTP/1.1\r\nHost: x\r\n"
            b"Authorization: Bearer s3cret\r\nContent-Length: 2000000\r\n\r\n"
        )
        assert sock.makefile("rb").read().startswith(b"HTTP/1.1 413")  # read to the close
    status, body = request(served, "GET", "/healthz")
    assert status == 200 and json.loads(body)["status"] == "ok"


def test_journal_failure_is_503(served: Receiver, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(source: str, body: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(served.journal, "append", full)
    status, body = request(served, "POST", "/alerts/alertmanager", am_payload(am_alert("Other")))
    assert status == 503 and b"retry" in body


def test_metrics_pass_promtool(served: Receiver) -> None:
    promtool = require_tool("promtool")
    request(served, "POST", "/alerts/alertmanager", am_payload(am_alert("Other"), am_alert("B")))
    status, body = request(served, "GET", "/metrics")
    assert status == 200 and b"opsledger_alerts_received_total 2" in body
    assert b"opsledger_alerts_journal_depth" in body
    check = subprocess.run(
        [promtool, "check", "metrics"], input=body, capture_output=True, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_journal_is_replayed_on_restart(alert_ledger: Path) -> None:
    folder = Ledger.open(alert_ledger).ws.paths.state / "alerts" / "journal"
    journal = Journal(folder)
    journal.append("alertmanager", am_payload(am_alert("Other")))
    journal.append("alertmanager", am_payload(am_alert("Second")))
    journal.close()
    with (folder / journal.segment.name).open("ab") as torn:
        torn.write(b'{"seq": 3, "source": "alertm')  # a crash mid-line: never acknowledged
    receiver, thread = start(alert_ledger)
    stop(receiver, thread)
    assert len(tasks(alert_ledger)) == 2
    assert Journal(folder).pending == []


def test_commit_seen_in_git_is_not_applied_twice(alert_ledger: Path) -> None:
    receiver, thread = start(alert_ledger)
    request(receiver, "POST", "/alerts/alertmanager", am_payload(am_alert("Other")), None)
    stop(receiver, thread)
    folder = receiver.journal.folder
    (folder / "committed").write_text("0")  # as if we crashed right after the commit
    seg = folder / "seg-1.jsonl"
    seg.write_bytes(
        b'{"seq":1,"source":"alertmanager","body":'
        + json.dumps(am_payload(am_alert("Other")).decode()).encode()
        + b"}\n"
    )
    head = git(alert_ledger, "rev-parse", "HEAD")
    receiver, thread = start(alert_ledger)
    stop(receiver, thread)
    assert git(alert_ledger, "rev-parse", "HEAD") == head  # no second commit, no repeat


def test_listen_and_token_parsing(tmp_path: Path) -> None:
    assert parse_listen("127.0.0.1:9095") == ("127.0.0.1", 9095)
    assert parse_listen("[::1]:80") == ("::1", 80)
    with pytest.raises(UsageError):
        parse_listen("nope")
    token = tmp_path / "token"
    token.write_text("abc\n")
    assert read_token(token) == "abc"
    token.write_text("")
    with pytest.raises(UsageError, match="empty"):
        read_token(token)
    with pytest.raises(UsageError, match="cannot read"):
        read_token(tmp_path / "missing")


def test_a_failed_batch_stays_journaled_and_is_retried(
    alert_ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    receiver = Receiver(Ledger.open(alert_ledger).alerts, "127.0.0.1:0")
    receiver.journal.append("alertmanager", am_payload(am_alert("Other")))
    real = receiver.service.ingest_many

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(receiver.service, "ingest_many", broken)
    assert receiver.writer.flush_once() is False
    assert receiver.journal.depth == 1 and not receiver.healthy()  # writer not started
    assert b"opsledger_alerts_commit_failures_total 1" in receiver.metrics.render().encode()
    monkeypatch.setattr(receiver.service, "ingest_many", real)
    assert receiver.writer.flush_once() is True
    assert receiver.journal.depth == 0 and len(tasks(alert_ledger)) == 1
    receiver.server.server_close()
    receiver.journal.close()
