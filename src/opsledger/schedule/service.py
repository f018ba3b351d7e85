"""The window API: ``ledger.windows.create/get/list/edit/remove/check/free/at/next/ics``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opsledger.model.errors import UsageError
from opsledger.schedule.issue import Issue
from opsledger.schedule.load import Loaded, find_window, load_windows, read_window
from opsledger.schedule.queries import Occ, active_at, touches, upcoming
from opsledger.schedule.spec import WindowSpec
from opsledger.store.workspace import Workspace

if TYPE_CHECKING:
    from opsledger.model.window import Window


class WindowService:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    # --- reading --------------------------------------------------------------------
    def resolve(self, fragment: str) -> tuple[str, Path]:
        return find_window(self.ws, fragment)

    def data(self, fragment: str) -> dict[str, Any]:
        """The window's file as plain data (timestamps stay strings)."""
        return read_window(self.ws, self.resolve(fragment)[1])[0]

    def get(self, fragment: str) -> Window:
        from opsledger.model.window import Window
        from opsledger.store.modelcheck import validate_model

        path = self.resolve(fragment)[1]
        data, text = read_window(self.ws, path)
        return validate_model(Window, data, self.ws.paths.rel(path), text)

    def load(self) -> Loaded:
        return load_windows(self.ws)

    def list(self, components: Sequence[str] = (), kind: str | None = None) -> list[WindowSpec]:
        return [
            w
            for w in self.load().windows
            if touches(w, components) and (kind is None or w.kind == kind)
        ]

    def occurrences(
        self, fragment: str, since: datetime, until: datetime
    ) -> list[tuple[datetime, datetime]]:
        from opsledger.schedule.expand import occurrences

        window_id = self.resolve(fragment)[0]
        spec = next((w for w in self.load().windows if w.id == window_id), None)
        if spec is None:
            raise UsageError(f"{window_id} is not a valid window: run opsledger window check")
        return [
            (datetime.fromtimestamp(s, self.ws.zone), datetime.fromtimestamp(e, self.ws.zone))
            for s, e in occurrences(spec, int(since.timestamp()), int(until.timestamp()))
        ]

    # --- writing --------------------------------------------------------------------
    def create(self, title: str, **fields: Any) -> dict[str, Any]:
        """Create a window; ``fields`` are window fields (``start``, ``duration``, …); datetimes
        are written as timestamps in the ledger timezone. Returns the data written."""
        from opsledger.schedule.write import create_window

        return create_window(self.ws, title, fields)

    def replace(self, fragment: str, text: str) -> dict[str, Any]:
        from opsledger.schedule.write import replace_window

        window_id, path = self.resolve(fragment)
        return replace_window(self.ws, window_id, path, text)

    def update(
        self, fragment: str, fields: dict[str, Any], unset: Sequence[str] = ()
    ) -> dict[str, Any]:
        """Set ``fields`` and remove ``unset`` in place; the file is validated before the commit."""
        from opsledger.schedule.write import update_window

        window_id, path = self.resolve(fragment)
        return update_window(self.ws, window_id, path, fields, list(unset))

    def remove(self, fragment: str) -> str:
        window_id, path = self.resolve(fragment)
        with self.ws.transaction("window", "rm", window_id) as tx:
            tx.touch_id(window_id)
            tx.delete(path)
        return window_id

    # --- scheduling -----------------------------------------------------------------
    def check(
        self,
        horizon: timedelta = timedelta(days=90),
        *,
        since: datetime | None = None,
        suggest: int = 25,
    ) -> list[Issue]:
        """Every window finding (OL401–OL406) between ``since`` (now) and ``since + horizon``;
        the earliest ``suggest`` conflicts get the next free slot for the window to move."""
        from opsledger.schedule.gather import check_input
        from opsledger.schedule.runner import run_checks

        start = since or self.ws.now()
        return run_checks(check_input(self.ws), start, start + horizon, suggest=suggest)

    def free(
        self, components: Sequence[str], duration: timedelta, **options: Any
    ) -> list[tuple[datetime, datetime]]:
        """The next conflict-free slots; options: ``within`` (timedelta), ``allowed_hours``,
        ``allowed_days``, ``team``, ``engineers``, ``count``, ``since``, ``step``."""
        from opsledger.schedule.slots import find_free

        return find_free(self.ws, self.load().windows, components, duration, **options)

    def at(self, moment: datetime, components: Sequence[str] = ()) -> list[Occ]:
        return active_at(self.load().windows, moment, components)

    def next(
        self,
        components: Sequence[str] = (),
        *,
        after: datetime | None = None,
        limit: int = 10,
        within: timedelta = timedelta(days=365),
    ) -> list[Occ]:
        return upcoming(
            self.load().windows, after or self.ws.now(), components, within=within, limit=limit
        )

    def ics(self, components: Sequence[str] = ()) -> bytes:
        from opsledger.schedule.ics import export_ics

        name = str(self.ws.config_data.get("name") or "opsledger")
        chosen = [w for w in self.load().windows if touches(w, components)]
        return export_ics(chosen, self.ws.now(), f"{name} maintenance windows")

    def __iter__(self) -> Iterator[WindowSpec]:
        return iter(self.load().windows)
