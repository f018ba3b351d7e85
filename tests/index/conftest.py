from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from opsledger.ledger import Ledger
from opsledger.model.clock import FixedClock
from tests.index.ledger_gen import init_repo, write_ledger

ZONE = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 15, 12, 0, tzinfo=ZONE)


def open_ledger(root: Path, me: str | None = "olivia") -> Ledger:
    env = {"OPSLEDGER_USER": me} if me else {}
    return Ledger.open(root, clock=FixedClock(NOW), env=env)


class Generated(tuple[Ledger, list[dict[str, Any]]]):
    def __repr__(self) -> str:
        return "Generated(200 tasks)"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Ledger, list[dict[str, Any]]]:
    """200 random tasks, indexed once for the whole module."""
    root = tmp_path_factory.mktemp("gen") / "ledger"
    tasks = write_ledger(root, 200, seed=7)
    init_repo(root)
    for data in tasks:
        folder = (
            "tasks/2026" if (root / "tasks" / "2026" / f"{data['id']}.yaml").exists() else "tasks"
        )
        data["_path"] = f"{folder}/{data['id']}.yaml"
    return Generated((open_ledger(root), tasks))


@pytest.fixture
def small(tmp_path: Path) -> tuple[Path, list[dict[str, Any]]]:
    root = tmp_path / "ledger"
    tasks = write_ledger(root, 12, seed=3)
    init_repo(root)
    return root, tasks
