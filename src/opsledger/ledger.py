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

from collections.abc import Callable, Generator, Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opsledger.model.clock import Clock
from opsledger.store.git import Git
from opsledger.store.paths import find_ledger_root
from opsledger.store.workspace import Workspace
from opsledger.tasks.service import TaskService

if TYPE_CHECKING:
    from opsledger.alerts.service import AlertService
    from opsledger.crypto.service import SecretService
    from opsledger.index.service import Index
    from opsledger.index.status import Summary
    from opsledger.inventory.service import InventoryService
    from opsledger.model.config import Config
    from opsledger.model.people import People
    from opsledger.schedule.service import WindowService
    from opsledger.schedule.spec import WindowSpec
    from opsledger.shell.service import CommandService
    from opsledger.store.checking import CheckSpec
    from opsledger.timetrack.service import TimeService
    from opsledger.validate.report import Report


class Ledger:
    def __init__(self, workspace: Workspace) -> None:
        self.ws = workspace
        self.tasks = TaskService(workspace)

    @cached_property
    def inventory(self) -> InventoryService:
        from opsledger.inventory.service import InventoryService

        return InventoryService(self.ws)

    @cached_property
    def time(self) -> TimeService:
        from opsledger.timetrack.service import TimeService

        return TimeService(self.ws)

    @cached_property
    def secrets(self) -> SecretService:
        from opsledger.crypto.service import SecretService

        return SecretService(self.ws)

    @cached_property
    def alerts(self) -> AlertService:
        from opsledger.alerts.service import AlertService

        return AlertService(self.ws, maintenance=self._active_maintenance)

    def _active_maintenance(self, components: list[str], moment: datetime) -> WindowSpec | None:
        """The maintenance window covering ``components`` at ``moment`` (its id, change and
        tasks), for alert rules."""
        if not components or not self.ws.paths.record_dir("window").is_dir():
            return None
        from opsledger.model.errors import OpsledgerError

        try:
            active = self.windows.at(moment, components)
        except OpsledgerError:
            return None  # a broken window file must not lose an alert; validate reports it
        for occurrence in active:
            if occurrence.window.kind == "maintenance":
                return occurrence.window
        return None

    @cached_property
    def windows(self) -> WindowService:
        from opsledger.schedule.service import WindowService

        return WindowService(self.ws)

    @cached_property
    def commands(self) -> CommandService:
        from opsledger.shell.service import CommandService

        return CommandService(self.ws, encrypt=self._redaction_encrypter())

    def _redaction_encrypter(self) -> Callable[[str, str, str], str] | None:
        """Secrets found in command text are sealed for the task's readers once the
        ledger has encryption rules; without rules they are dropped (``k: null``)."""
        from opsledger.model.plain import mapping

        if not mapping(self.ws.config_data.get("encryption")).get("rules"):
            return None

        def encrypt(record_id: str, keypath: str, plaintext: str) -> str:
            from opsledger.crypto.fieldpath import parse_path
            from opsledger.store.records import find_task

            relpath = self.ws.paths.rel(find_task(self.ws, record_id)[1])
            return self.secrets.codec.encrypt(relpath, record_id, parse_path(keypath), plaintext)

        return encrypt

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

    def status(self) -> Summary:
        """What ``opsledger status`` shows, from the index (the CLI calls the same)."""
        return self.index.status()

    def checks(self) -> list[CheckSpec]:
        """Every validator check: the core ones, then each feature's ``<feature>/checks.py``
        (``CHECKS``); a feature without a checks module is skipped."""
        import importlib

        from opsledger.validate.registry import CORE_CHECKS

        found = list(CORE_CHECKS)
        for feature in ("tasks", "inventory", "crypto", "schedule", "timetrack", "alerts", "shell"):
            name = f"opsledger.{feature}.checks"
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            found.extend(module.CHECKS)  # a checks module without CHECKS is a bug: fail loudly
        return found

    def validate(
        self,
        paths: Sequence[str | Path] | None = None,
        *,
        base: str | None = None,
        strict: bool = False,
    ) -> Report:
        """Run the validator (``opsledger validate``): the whole ledger, or ``paths`` and the
        cross-file checks involving them; ``base`` adds the checks against that revision."""
        from opsledger.validate.runner import validate

        return validate(self.ws, paths, base=base, strict=strict, checks=self.checks())

    @cached_property
    def index(self) -> Index:
        """The SQLite index of this ledger, brought up to date with the work tree on first use."""
        from opsledger.index.service import Index

        return Index(self.ws)

    def query(self, text: str = "", **options: Any) -> list[dict[str, Any]]:
        """Records matching a query (docs/query.md), like ``opsledger list --all``:
        ``ledger.query("is:open priority:>=high component:prod/db/**", sort="-due", limit=20)``.
        Options: ``kind`` (task, window, change, component), ``sort``, ``limit``, ``after``,
        ``open_only``; ``ledger.index.query`` also returns the next page's cursor."""
        return self.index.query(text, **options).rows
