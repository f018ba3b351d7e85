"""The receiver's less travelled paths: draining, bad requests, binary bodies, segment
rotation, a writer that keeps failing, publishing with --push and its limits."""

from __future__ import annotations

import json
import socket
import threading
import types
from pathlib import Path

import pytest

from opsledger.alerts import journal as journal_module
from opsledger.alerts import server as server_module
from opsledger.alerts import writer as writer_module
from opsledger.alerts.journal import Journal
from opsledger.alerts.push import push
from opsledger.alerts.receiver import Receiver
from opsledger.ledger import Ledger
from opsledger.model.errors import GitError
from tests.alerts.conftest import am_alert, am_payload
from tests.alerts.test_receiver import request, start, stop
from tests.helpers import git


def raw(receiver: Receiver, head: bytes) -> bytes:
    with socket.create_connection(receiver.address, timeout=10) as sock:
        sock.sendall(head)
        return sock.makefile("rb").read()  # the whole answer: the server closes after it


def test_requests_the_receiver_turns_away(
    alert_ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    receiver, thread = start(alert_ledger)
    answer = raw(receiver, b"POST /alerts/alertmanager HTTP/1.1\r\nHost: x\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 411")  # no Content-Length: the body cannot be framed

    def unwritable(*args: object) -> str:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(server_module.rejected, "store", unwritable)
    status, body = request(receiver, "POST", "/alerts/alertmanager", b"[", None)
    assert status == 400  # rejected all the same, just not kept
    answer = json.loads(body)
    assert answer["error"].startswith("payload is not JSON") and answer["rejected"] is None
    receiver.closing.set()  # draining: new payloads must go elsewhere or come back later
    status, body = request(receiver, "POST", "/alerts/alertmanager", am_payload(am_alert("X")))
    assert status == 503 and b"shutting down" in body
    stop(receiver, thread)
    assert list((alert_ledger / "tasks").glob("*.yaml")) == []


def test_binary_bodies_survive_the_journal_and_segments_rotate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(journal_module, "_SEGMENT_BYTES", 100)
    journal = Journal(tmp_path / "j")
    first = journal.append("generic", b"\xff\xfe binary")
    journal.append("alertmanager", b"{" + b"x" * 200 + b"}")
    journal.close()
    # the second line took the segment past its size: a new segment follows it
    assert sorted(p.name for p in (tmp_path / "j").glob("seg-*.jsonl")) == [
        "seg-1.jsonl",
        "seg-3.jsonl",
    ]
    again = Journal(tmp_path / "j")
    assert len(again.pending) == 2
    assert (again.pending[0].seq, again.pending[0].body) == (first.seq, b"\xff\xfe binary")
    again.close()


def test_a_writer_that_keeps_failing_gives_up_once_stopping(
    alert_ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    naps: list[float] = []
    fake_time = types.SimpleNamespace(sleep=naps.append, monotonic=lambda: 0.0)
    monkeypatch.setattr(writer_module, "time", fake_time)
    receiver = Receiver(Ledger.open(alert_ledger).alerts, "127.0.0.1:0")
    writer = receiver.writer
    assert writer.flush_once() is True  # nothing journaled: nothing to do
    receiver.journal.append("alertmanager", am_payload(am_alert("Other")))
    monkeypatch.setattr(writer, "flush_once", lambda: False)
    writer.failures = 6
    writer.stopping.set()
    writer.wake.set()
    done = threading.Thread(target=writer.run)
    done.start()
    done.join(timeout=20)
    assert not done.is_alive() and naps == [5.0]  # backed off the most, then gave up
    assert receiver.journal.depth == 1  # still journaled for the next start
    receiver.server.server_close()
    receiver.journal.close()


def with_origin(repo: Path, tmp_path: Path) -> Path:
    origin = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(origin))
    git(repo, "remote", "add", "origin", str(origin))
    return origin


def test_the_writer_pushes_each_commit(alert_ledger: Path, tmp_path: Path) -> None:
    origin = with_origin(alert_ledger, tmp_path)
    receiver = Receiver(Ledger.open(alert_ledger).alerts, "127.0.0.1:0", push=True)
    receiver.journal.append("alertmanager", am_payload(am_alert("Other")))
    assert receiver.writer.flush_once() is True
    assert git(origin, "rev-parse", "main") == git(alert_ledger, "rev-parse", "HEAD")
    receiver.server.server_close()
    receiver.journal.close()


def clone(origin: Path, folder: Path) -> Path:
    git(folder.parent, "clone", "-q", str(origin), str(folder))
    git(folder, "config", "user.email", "operator@example.com")
    git(folder, "config", "user.name", "Op")
    return folder


def test_push_gives_up_on_a_conflict_and_after_its_attempts(
    alert_ledger: Path, tmp_path: Path
) -> None:
    Ledger.open(alert_ledger).alerts.ingest(am_payload(am_alert("Other")))
    origin = with_origin(alert_ledger, tmp_path)
    first, second = clone(origin, tmp_path / "a"), clone(origin, tmp_path / "b")
    Ledger.open(first).alerts.ingest(am_payload(am_alert("Other")))  # a repeat: an event
    push(Ledger.open(first).ws)
    ours = Ledger.open(second)
    ours.alerts.ingest(am_payload(am_alert("Other")))  # the same task, another event
    head = git(second, "rev-parse", "HEAD")
    with pytest.raises(GitError, match="cannot rebase on origin/main: a conflicting change"):
        push(ours.ws)
    assert git(second, "rev-parse", "HEAD") == head  # the rebase was aborted
    assert git(second, "status", "--porcelain") == ""
    third = Ledger.open(clone(origin, tmp_path / "c"))
    third.alerts.ingest(am_payload(am_alert("Third")))
    Ledger.open(first).alerts.ingest(am_payload(am_alert("Fourth")))
    push(Ledger.open(first).ws)  # someone is always first
    with pytest.raises(GitError, match="still rejected after 1 attempts"):
        push(third.ws, attempts=1)
