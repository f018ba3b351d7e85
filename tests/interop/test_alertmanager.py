"""The real Prometheus Alertmanager posting to ``opsledger alert serve`` on 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from opsledger.store.fastload import load_fast
from tests.alerts.conftest import alert_ledger  # noqa: F401  (fixture)
from tests.cli.conftest import ledger_dir, run  # noqa: F401  (fixtures)
from tests.helpers import git, require_tool

POLICY = """defaults: {type: incident, dedup_key: "{{ fingerprint }}"}
rules:
  - match: {alertname: InteropDown}
    title: "{{ labels.alertname }} on {{ labels.instance | host }}"
    auto_resolve: true
"""
CONFIG = """route:
  receiver: opsledger
  group_by: ['...']
  group_wait: 100ms
  group_interval: 300ms
  repeat_interval: 1s
receivers:
  - name: opsledger
    webhook_configs:
      - url: http://127.0.0.1:{port}/alerts/alertmanager
        send_resolved: true
        http_config:
          authorization: {{credentials: interop-token}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(what: str, check: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def post_alerts(am_port: int, alerts: list[dict[str, object]]) -> None:
    request = urllib.request.Request(
        f"http://127.0.0.1:{am_port}/api/v2/alerts",
        data=json.dumps(alerts).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200


def alert(
    name: str, starts: datetime, ends: datetime | None = None, **labels: str
) -> dict[str, object]:
    body: dict[str, object] = {
        "labels": {"alertname": name, **labels},
        "startsAt": starts.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    if ends is not None:
        body["endsAt"] = ends.strftime("%Y-%m-%dT%H:%M:%SZ")
    return body


def alert_tasks(repo: Path) -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    for path in (repo / "tasks").glob("*.yaml"):
        git_text = git(repo, "show", f"HEAD:tasks/{path.name}", check=False)
        if git_text:  # committed, not just written
            out[path.stem] = load_fast(git_text, path.name)
    return out


class Receiver:
    def __init__(self, repo: Path, port: int, token: Path) -> None:
        self.repo, self.port, self.token = repo, port, token
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = token.parent / "receiver.log"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "opsledger",
                "-C",
                str(self.repo),
                "alert",
                "serve",
                "--listen",
                f"127.0.0.1:{self.port}",
                "--token-file",
                str(self.token),
            ],
            stdout=subprocess.DEVNULL,
            stderr=self.log.open("ab"),
        )
        wait_for("the receiver", lambda: http_ok(f"http://127.0.0.1:{self.port}/healthz"), 20)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=30)
        self.proc = None


@pytest.fixture
def setup(alert_ledger: Path, tmp_path: Path) -> Iterator[tuple[Path, Receiver, int]]:  # noqa: F811
    binary = require_tool("prometheus-alertmanager")
    (alert_ledger / "policies" / "alerts.yaml").write_text(POLICY)
    git(alert_ledger, "commit", "-qam", "interop policy")
    token = tmp_path / "token"
    token.write_text("interop-token\n")
    receiver = Receiver(alert_ledger, free_port(), token)
    receiver.start()
    am_port = free_port()
    config = tmp_path / "am.yml"
    config.write_text(CONFIG.format(port=receiver.port))
    am = subprocess.Popen(
        [
            binary,
            f"--config.file={config}",
            f"--storage.path={tmp_path / 'am-data'}",
            f"--web.listen-address=127.0.0.1:{am_port}",
            "--cluster.listen-address=",
            "--log.level=warn",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for("alertmanager", lambda: http_ok(f"http://127.0.0.1:{am_port}/-/ready"), 20)
        yield alert_ledger, receiver, am_port
    finally:
        am.send_signal(signal.SIGTERM)
        am.wait(timeout=10)
        receiver.stop()


def test_alertmanager_to_tasks_dedup_resolve_and_crash(setup: tuple[Path, Receiver, int]) -> None:
    repo, receiver, am_port = setup
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)
    post_alerts(am_port, [alert("InteropDown", start, instance="pg-07:9100")])
    wait_for("a task", lambda: len(alert_tasks(repo)) == 1)
    [task_id] = alert_tasks(repo)

    def occurrences() -> int:
        return int(alert_tasks(repo)[task_id]["source"]["occurrences"])  # type: ignore[index]

    wait_for("a repeat (repeat_interval)", lambda: occurrences() >= 2)
    assert list(alert_tasks(repo)) == [task_id]  # repeats deduplicate

    post_alerts(
        am_port,
        [
            alert(
                "InteropDown",
                start,
                datetime.now(UTC) - timedelta(seconds=1),
                instance="pg-07:9100",
            )
        ],
    )
    wait_for("the resolved notification", lambda: alert_tasks(repo)[task_id]["status"] == "done")
    assert str(alert_tasks(repo)[task_id]["resolution"]).startswith("auto-resolved")

    # A storm, the receiver SIGKILLed in the middle of it, then restarted.
    storm = [alert(f"Storm{i}", start, instance=f"node-{i}") for i in range(60)]
    post_alerts(am_port, storm)
    wait_for(
        "the storm to begin", lambda: len(alert_tasks(repo)) > 1 or receiver_depth(receiver) > 0, 20
    )
    receiver.stop(signal.SIGKILL)
    receiver.start()
    wait_for("every storm alert", lambda: len(alert_tasks(repo)) == 61, 40)
    found = alert_tasks(repo)
    keys = [t["source"]["key"] for t in found.values()]  # type: ignore[index]
    assert len(keys) == len(set(keys)) == 61  # each alert exactly once
    receiver.stop()  # SIGTERM drains
    assert git(repo, "status", "--porcelain", "--", "tasks") == ""


def receiver_depth(receiver: Receiver) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{receiver.port}/healthz", timeout=2) as r:
            return int(json.loads(r.read())["journal_depth"])
    except OSError:
        return 0


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    os.environ.setdefault("NO_PROXY", "127.0.0.1")
