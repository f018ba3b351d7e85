"""A small random ledger in a real git repo, for the index tests (deterministic per seed)."""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path
from typing import Any

from tests.helpers import git

CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
WORDS = ["disk", "full", "replication", "lag", "nginx", "restart", "backup", "failed",
         "certificate", "renew", "kafka", "dns", "pg-07", "vacuum", "Überlauf"]  # fmt: skip
COMPONENTS = [
    "aws/eu-west-1/prod/db/pg-07",
    "aws/eu-west-1/prod/db/pg-08",
    "aws/eu-west-1/stage/web/web-01",
    "onprem/dc1/net/core-sw-1",
    "onprem/dc2/net/tor-sw-3",
    "aws/eu-west-1/prod/db",
    "onprem/*/net/**",
]
PEOPLE = ["olivia", "marcus", "priya"]
STATUSES = ["open", "assigned", "in_progress", "blocked", "done", "cancelled"]
CONFIG = "version: 1\nname: gen-ops\ntimezone: Europe/Berlin\n"
PEOPLE_YAML = """people:
  olivia: {name: Olivia, email: olivia@example.com, teams: [sre]}
  marcus: {name: Marcus, email: marcus@example.com, teams: [dba]}
  priya: {name: Priya, email: priya@example.com, teams: [dba]}
teams: {sre: {}, dba: {}}
"""
INVENTORY = "components:\n" + "".join(
    f"  {c}: {{kind: host}}\n" for c in COMPONENTS if "*" not in c and c.count("/") == 4
)


def new_id(rng: random.Random, prefix: str = "T") -> str:
    return prefix + "-" + "".join(rng.choice(CROCKFORD) for _ in range(8))


def stamp(rng: random.Random) -> str:
    day = rng.randint(1, 28)
    hour = rng.randint(0, 23)
    return f"2026-11-{day:02d}T{hour:02d}:{rng.randint(0, 59):02d}:00+01:00"


def words(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def task(rng: random.Random, task_id: str, others: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {"id": task_id, "title": words(rng, 1, 4)}
    optional: dict[str, Any] = {
        "type": rng.choice(["task", "incident"]),
        "status": rng.choice(STATUSES),
        "priority": rng.choice(["critical", "high", "medium", "low"]),
        "assignee": rng.choice(PEOPLE),
        "team": rng.choice(["sre", "dba"]),
        "client": rng.choice(["acme", "Globex"]),
        "components": rng.sample(COMPONENTS, rng.randint(1, 2)),
        "tags": rng.sample(["disk", "db", "net", "Noise"], rng.randint(1, 2)),
        "labels": {"env": rng.choice(["prod", "stage"])},
        "due": stamp(rng),
        "updated": stamp(rng),
        "parent": rng.choice(others) if others else None,
        "depends_on": rng.sample(others, min(len(others), 2)) if others else None,
        "description": words(rng, 2, 12),
        "commands": [
            {"id": f"c{n}", "at": stamp(rng), "cmd": words(rng, 1, 3), "exit": rng.randint(0, 2),
             "host": rng.choice(["pg-07", "web-01"]), "output": words(rng, 0, 5)}
            for n in range(rng.randint(1, 3))
        ],
        "events": [{"id": "e1", "at": stamp(rng), "by": "olivia", "kind": "comment",
                    "text": words(rng, 1, 5)}],
    }  # fmt: skip
    for key, value in optional.items():
        if value is not None and rng.random() < 0.7:
            data[key] = value
    data["created"] = stamp(rng)
    return data


def write_ledger(root: Path, count: int, seed: int) -> list[dict[str, Any]]:
    """Writes opsledger.yaml, people, inventory and ``count`` tasks (JSON is valid YAML)."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "opsledger.yaml").write_text(CONFIG)
    (root / "people.yaml").write_text(PEOPLE_YAML)
    (root / "inventory.yaml").write_text(INVENTORY)
    tasks: list[dict[str, Any]] = []
    ids: list[str] = []
    for n in range(count):
        data = task(rng, new_id(rng), ids[-5:])
        ids.append(data["id"])
        folder = root / "tasks" / ("2026" if n % 3 else "")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{data['id']}.yaml").write_text(json.dumps(data, ensure_ascii=False) + "\n")
        tasks.append(data)
    return tasks


def init_repo(root: Path) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "generated")
