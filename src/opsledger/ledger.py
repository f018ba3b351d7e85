"""The Ledger facade: what the CLI and scripts call (DESIGN 6).

from opsledger.ledger import Ledger
ledger = Ledger.open("ops/")
task = ledger.tasks.create("Disk full on pg-07", type="incident", priority="critical")
ledger.tasks.transition(task.id, "start")
with ledger.batch("import 500 tasks"):
    for row in rows:
        ledger.tasks.create(row.title)
"""

from __future__ import annotations

from collections.abc import Generator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from opsledger.model.clock import Clock
from opsledger.store.git import Git
from opsledger.store.paths import find_ledger_root
from opsledger.store.workspace import Workspace
from opsledger.tasks.service import TaskService

if TYPE_CHECKING:
    from opsledger.inventory.service import InventoryService
    from opsledger.model.config import Config
    from opsledger.model.people import People
    from opsledger.tasks.summary import StatusSummary


class Ledger:
    def __init__(self, workspace: Workspace) -> None:
        self.ws = workspace
        self.tasks = TaskService(workspace)

    @cached_property
    def inventory(self) -> InventoryService:
        from opsledger.inventory.service import InventoryService

        return InventoryService(self.ws)

    @classmethod
    def open(
        cls,
        path: str | Path | None = None,
        *,
        clock: Clock | None = None,
        commit: bool = True,
        env: dict[str, str] | None = None,
    ) -> Ledger:
        """Open the ledger at ``path`` or the nearest ancestor holding ``opsledger.yaml``."""
        start = Path(path) if path is not None else Path.cwd()
        root = find_ledger_root(start, env)
        git = Git.discover(root)
        return cls(Workspace(root, git, clock=clock, commit=commit, env=env))

    @property
    def root(self) -> Path:
        return self.ws.paths.root

    @property
    def config(self) -> Config:
        return self.ws.config

    @property
    def people(self) -> People:
        return self.ws.people

    def me(self) -> str | None:
        return self.ws.me()

    @contextmanager
    def batch(self, message: str) -> Generator[None, None, None]:
        """Many changes, one lock and one commit whose subject is ``message``."""
        with self.ws.transaction("ledger", "batch", "batch", message):
            yield

    def status(self) -> StatusSummary:
        from opsledger.tasks.summary import summarize

        return summarize(self.tasks.iter_all(), self.ws.now(), self.ws.me())
