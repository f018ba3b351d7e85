"""The time API, ``ledger.time``: it mirrors ``opsledger time …``.

from opsledger.ledger import Ledger
ledger = Ledger.open()
ledger.time.start("3kq9", note="WAL archiving")
ledger.time.stop()
report = ledger.time.report(by=["client", "project"], since=..., until=...)
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from opsledger.store.records import find_task
from opsledger.store.workspace import Workspace
from opsledger.timetrack import editing, timing
from opsledger.timetrack.billing import Billing
from opsledger.timetrack.cache import load_all
from opsledger.timetrack.entries import Entry
from opsledger.timetrack.overlap import Overlap, Policy, find_overlaps
from opsledger.timetrack.query import EntryFilter
from opsledger.timetrack.report import Report, build_report
from opsledger.timetrack.timer import Timer


class TimeService:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    @cached_property
    def billing(self) -> Billing:
        return Billing.of(self.ws)

    # --- timers -----------------------------------------------------------------------
    def start(self, task: str, **options: Any) -> timing.Started:
        """Options: at, who, client, project, component, note, billable."""
        return timing.start(self.ws, self.billing, task, **options)

    def stop(self, *, at: datetime | None = None, who: str | None = None) -> timing.Stopped:
        return timing.stop(self.ws, self.billing, at=at, who=who)

    def status(self, who: str | None = None) -> tuple[Timer, int] | None:
        return timing.status(self.ws, who)

    # --- entries ----------------------------------------------------------------------
    def add(
        self, task: str, duration: str | None = None, **options: Any
    ) -> tuple[str, dict[str, Any]]:
        """Options: start, end, who, client, project, component, note, billable."""
        return editing.add(self.ws, self.billing, task, duration=duration, **options)

    def edit(self, entry: str, **changes: Any) -> tuple[str, dict[str, Any]]:
        return editing.edit(self.ws, self.billing, entry, changes)

    def rm(self, entry: str) -> tuple[str, dict[str, Any]]:
        return editing.remove(self.ws, self.billing, entry)

    # --- reading ----------------------------------------------------------------------
    def entries(self, flt: EntryFilter | None = None, terms: tuple[str, ...] = ()) -> list[Entry]:
        """Raw entries matching the filter and ``key:value`` terms, by start."""
        flt = flt or EntryFilter()
        for fragment in flt.add_terms(terms):
            flt.tasks.add(find_task(self.ws, fragment)[0])
        found = [e for e in load_all(self.ws)[0] if flt.accepts(e)]
        found.sort(key=lambda e: (e.start, e.task, e.id))
        return found

    def titles(self) -> dict[str, str]:
        return load_all(self.ws)[1]

    def report(
        self,
        by: list[str],
        flt: EntryFilter | None = None,
        terms: tuple[str, ...] = (),
        overlap: Policy = "split",
    ) -> Report:
        flt = flt or EntryFilter()
        entries = self.entries(flt, terms)
        return build_report(
            entries,
            self.billing,
            self.ws.zone,
            by,
            since=flt.since,
            until=flt.until,
            overlap=overlap,
        )

    def overlaps(
        self, flt: EntryFilter | None = None, terms: tuple[str, ...] = ()
    ) -> list[Overlap]:
        return find_overlaps(self.entries(flt, terms))

    # --- billing, exchange, suggestions ------------------------------------------------
    def lock(self, client: str, until: datetime, note: str | None = None) -> dict[str, Any]:
        from opsledger.timetrack.locking import lock

        return lock(self.ws, self.billing, client, until, note)

    def export_csv(self, flt: EntryFilter | None = None, terms: tuple[str, ...] = ()) -> str:
        from opsledger.timetrack.exporting import export_rows, to_csv

        rows = export_rows(self.entries(flt, terms), self.titles(), self.billing, self.ws.zone)
        return to_csv(rows)

    def import_timewarrior(self, text: str, who: str | None = None, task: str | None = None) -> Any:
        from opsledger.timetrack.timewarrior import import_timewarrior

        return import_timewarrior(self.ws, self.billing, text, timing.whoami(self.ws, who), task)

    def suggest(
        self,
        task: str,
        *,
        gap: timedelta = timedelta(minutes=30),
        pad: timedelta = timedelta(minutes=5),
        who: str | None = None,
        accept: bool = False,
    ) -> tuple[str, list[dict[str, Any]]]:
        from opsledger.timetrack import suggest

        person = timing.whoami(self.ws, who)
        task_id, proposals = suggest.suggest(self.ws, task, person, gap=gap, pad=pad)
        if accept and proposals:
            suggest.accept(self.ws, self.billing, task_id, proposals)
        return task_id, proposals
