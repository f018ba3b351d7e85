"""The time API, ``ledger.time``: it mirrors ``opsledger time …``.

from opsledger.ledger import Ledger
ledger = Ledger.open()
ledger.time.start("3kq9", note="WAL archiving")
ledger.time.stop()
report = ledger.time.report(by=["client", "project"], since=..., until=...)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any

from opsledger.store.records import find_task
from opsledger.store.workspace import Workspace
from opsledger.timetrack import editing
from opsledger.timetrack.billing import Billing
from opsledger.timetrack.writing import whoami

# Reading modules load on first use: ``time add`` is a whole process within 150 ms.
if TYPE_CHECKING:
    from opsledger.timetrack.entries import Entry
    from opsledger.timetrack.overlap import Overlap, Policy
    from opsledger.timetrack.query import EntryFilter
    from opsledger.timetrack.report import Report
    from opsledger.timetrack.table import EntryTable
    from opsledger.timetrack.timer import Timer
    from opsledger.timetrack.timing import Started, Stopped


class TimeService:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._titles: Mapping[str, str] | None = None

    @cached_property
    def billing(self) -> Billing:
        return Billing.of(self.ws)

    # --- timers -----------------------------------------------------------------------
    def start(self, task: str, **options: Any) -> Started:
        """Options: at, who, client, project, component, note, billable."""
        from opsledger.timetrack import timing

        return timing.start(self.ws, self.billing, task, **options)

    def stop(self, *, at: datetime | None = None, who: str | None = None) -> Stopped:
        from opsledger.timetrack import timing

        return timing.stop(self.ws, self.billing, at=at, who=who)

    def status(self, who: str | None = None) -> tuple[Timer, int] | None:
        from opsledger.timetrack import timing

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
    def _selection(
        self, flt: EntryFilter | None, terms: tuple[str, ...]
    ) -> tuple[EntryTable, Iterable[int], EntryFilter]:
        from opsledger.timetrack.cache import load_table
        from opsledger.timetrack.query import EntryFilter

        flt = flt or EntryFilter()
        for fragment in flt.add_terms(terms):
            flt.tasks.add(find_task(self.ws, fragment)[0])
        table, self._titles = load_table(self.ws)
        return table, flt.select(table), flt

    def entries(self, flt: EntryFilter | None = None, terms: tuple[str, ...] = ()) -> list[Entry]:
        """Raw entries matching the filter and ``key:value`` terms, by start."""
        table, selected, _ = self._selection(flt, terms)
        found = table.entries(selected)
        found.sort(key=lambda e: (e.start, e.task, e.id))
        return found

    def titles(self) -> Mapping[str, str]:
        from opsledger.timetrack.cache import load_table

        if self._titles is None:
            self._titles = load_table(self.ws)[1]
        return self._titles

    def report(
        self,
        by: list[str],
        flt: EntryFilter | None = None,
        terms: tuple[str, ...] = (),
        overlap: Policy = "split",
    ) -> Report:
        from opsledger.timetrack.memo import settled_whole
        from opsledger.timetrack.report import report_of
        from opsledger.timetrack.settling import settled

        table, selected, flt = self._selection(flt, terms)
        zone = self.ws.zone
        if flt.takes_all():
            pieces = settled_whole(self.ws, table, zone, overlap)
        else:
            pieces = settled(table, selected, zone, flt.since, flt.until, overlap)
        return report_of(table, pieces, self.billing, by)

    def overlaps(
        self, flt: EntryFilter | None = None, terms: tuple[str, ...] = ()
    ) -> list[Overlap]:
        from opsledger.timetrack.overlap import find_overlaps

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

        return import_timewarrior(self.ws, self.billing, text, whoami(self.ws, who), task)

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

        person = whoami(self.ws, who)
        task_id, proposals = suggest.suggest(self.ws, task, person, gap=gap, pad=pad)
        if accept and proposals:
            suggest.accept(self.ws, self.billing, task_id, proposals)
        return task_id, proposals
