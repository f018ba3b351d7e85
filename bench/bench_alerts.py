"""Budgets (DESIGN 7): payload → committed task ≤ 100 ms per alert over a batch; one alert
through the CLI ≤ 250 ms whole process; a 10,000-alert storm → committed tasks ≤ 10 s; the
receiver ≥ 500 alerts/s from a bounded load generator on 127.0.0.1, p99 latency reported.
Peer: a bare signed ``git commit -- file`` (the floor of any one-alert commit).

    uv sync && .venv/bin/python bench/bench_alerts.py [--runs 20] [--storm 10000] [--load 3000]
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import OPSLEDGER, clean_env, median, report, run, signed_repo, time_runs

POLICY = """severity_map: {critical: critical, warning: high}
defaults: {type: incident, dedup_key: "{{ fingerprint }}", team: sre}
rules:
  - match: {alertname: "Disk.*"}
    title: "{{ labels.alertname }} on {{ labels.instance | host }}"
    components: ["{{ labels.instance | host }}"]
    tags: [disk]
"""


def payload(start: int, count: int, name: str = "DiskFull") -> bytes:
    alerts = [
        {
            "status": "firing",
            "labels": {
                "alertname": name,
                "instance": f"pg-07:{9000 + i}",
                "severity": "critical",
                "n": str(i),
            },
            "annotations": {"summary": "disk almost full"},
            "startsAt": "2026-11-20T09:14:12Z",
            "endsAt": "0001-01-01T00:00:00Z",
            "fingerprint": f"{name}-{i:08d}",
        }
        for i in range(start, start + count)
    ]
    return json.dumps(
        {
            "version": "4",
            "groupKey": "g",
            "truncatedAlerts": 0,
            "status": "firing",
            "receiver": "r",
            "groupLabels": {},
            "commonLabels": {},
            "commonAnnotations": {},
            "externalURL": "http://am",
            "alerts": alerts,
        }
    ).encode()


def ledger(folder: Path) -> Path:
    repo, public = signed_repo(folder)
    env = clean_env()
    run([OPSLEDGER, "-C", str(repo), "init", "--timezone", "Europe/Berlin"], env=env)
    (repo / "people.yaml").write_text(
        f"people:\n  bench:\n    email: bench@example.com\n    teams: [sre]\n"
        f'    signing_keys: ["{public}"]\nteams: {{sre: {{}}}}\n'
    )
    (repo / "inventory.yaml").write_text(
        "components:\n  aws/eu-west-1/prod/db/pg-07: {kind: database}\n"
    )
    (repo / "policies").mkdir(exist_ok=True)
    (repo / "policies" / "alerts.yaml").write_text(POLICY)
    run(["git", "-C", str(repo), "add", "-A"], env=env)
    run(["git", "-C", str(repo), "commit", "-qm", "setup"], env=env)
    return repo


def load_test(repo: Path, total: int, workers: int = 8) -> dict[str, object]:
    from opsledger.alerts.receiver import Receiver
    from opsledger.ledger import Ledger

    receiver = Receiver(Ledger.open(repo).alerts, "127.0.0.1:0")
    server = threading.Thread(target=receiver.serve, daemon=True)
    server.start()
    host, port = receiver.address
    latencies: list[float] = []
    lock = threading.Lock()

    def worker(index: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=10)
        mine: list[float] = []
        for n in range(index, total, workers):  # bounded: total requests, one alert each
            body = payload(n, 1, "LoadTest")
            started = time.perf_counter()
            conn.request("POST", "/alerts/alertmanager", body=body)
            response = conn.getresponse()
            response.read()
            assert response.status == 200, response.status
            mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    accepted = time.perf_counter() - started
    receiver.shutdown()
    server.join(timeout=120)
    drained = time.perf_counter() - started
    latencies.sort()
    return {
        "alerts": total,
        "workers": workers,
        "accepted_per_s": round(total / accepted),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2),
        "all_committed_s": round(drained, 2),
        "tasks": len(list((repo / "tasks").glob("*.yaml"))),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--storm", type=int, default=10000)
    parser.add_argument("--load", type=int, default=3000)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="opsledger-bench-alerts-"))
    env = clean_env()
    try:
        repo = ledger(base / "cli")
        files = []
        for i in range(args.runs + 2):
            path = base / f"one-{i}.json"
            path.write_bytes(payload(i, 1))
            files.append(path)
        one = time_runs(
            lambda i: [
                OPSLEDGER,
                "-C",
                str(repo),
                "alert",
                "ingest",
                "--source",
                "alertmanager",
                str(files[i]),
            ],
            args.runs,
            env=env,
        )
        floor_repo, _ = signed_repo(base / "floor")

        def bare_commit(i: int) -> list[str]:
            (floor_repo / "f.txt").write_text(f"{i}\n")
            return ["sh", "-c", "git add -- f.txt && git commit -q -S -m x -- f.txt"]

        floor = time_runs(bare_commit, args.runs, cwd=floor_repo, env=env)

        sys.path.insert(0, str(Path(OPSLEDGER).resolve().parent.parent.parent / "src"))
        from opsledger.ledger import Ledger

        storm_repo = ledger(base / "storm")
        # Alertmanager groups: 100 payloads of 100 alerts (each under the 1 MiB body limit).
        bodies = [("alertmanager", payload(i, 100)) for i in range(0, args.storm, 100)]
        started = time.perf_counter()
        result = Ledger.open(storm_repo).alerts.ingest_many(bodies)
        storm_s = time.perf_counter() - started
        assert len(result.created) == args.storm, len(result.created)
        started = time.perf_counter()
        repeat = Ledger.open(storm_repo).alerts.ingest(payload(0, 200), "alertmanager")
        repeat_ms = (time.perf_counter() - started) * 1000 / 200
        assert len(repeat.updated) == 200

        load = load_test(ledger(base / "load"), args.load)
        report(
            "alerts",
            {
                "runs": args.runs,
                "cli_one_alert_ms": round(median(one), 1),
                "bare_signed_git_commit_ms": round(median(floor), 1),
                "storm_alerts": args.storm,
                "storm_to_commit_s": round(storm_s, 2),
                "batch_ms_per_alert": round(storm_s * 1000 / args.storm, 3),
                "repeat_edit_ms_per_alert": round(repeat_ms, 2),
                "receiver": load,
            },
        )
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
