"""What the root options decide, and the ledger they open."""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from opsledger.model.errors import UsageError

if TYPE_CHECKING:
    from opsledger.ledger import Ledger
    from opsledger.model.clock import Clock


class AppContext:
    def __init__(self, directory: str | None, now: str | None, commit: bool, debug: bool) -> None:
        self.directory = directory
        self.now = now
        self.commit = commit
        self.debug = debug
        self._ledger: Ledger | None = None

    def __repr__(self) -> str:
        return (
            f"AppContext(directory={self.directory!r}, now={self.now!r}, "
            f"commit={self.commit!r}, debug={self.debug!r})"
        )

    @property
    def start(self) -> Path:
        return Path(self.directory) if self.directory else Path.cwd()

    def clock(self, zone: tzinfo) -> Clock | None:
        """A fixed clock for ``--now``; a time without an offset is in the ledger timezone."""
        if self.now is None:
            return None
        from opsledger.model.clock import FixedClock, SystemClock
        from opsledger.model.timestamps import parse_user_time

        try:
            moment = parse_user_time(self.now, zone, SystemClock().now())
        except ValueError as exc:
            raise UsageError(f"--now: {exc}") from None
        return FixedClock(moment)

    def ledger(self) -> Ledger:
        if self._ledger is None:
            from opsledger.ledger import Ledger

            ledger = Ledger.open(self.start, commit=self.commit)
            clock = self.clock(ledger.ws.zone)
            if clock is not None:
                ledger.ws.clock = clock
            self._ledger = ledger
        return self._ledger
