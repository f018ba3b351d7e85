"""Which entries a log, report or export covers: ``client:acme who:olivia component:prod/db/**``.

The index's query language arrives with its own issue; until then these ``key:value``
terms (and the matching options) are the filter. Values of one key are alternatives,
different keys must all match.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from opsledger.model.components import covers
from opsledger.model.errors import UsageError
from opsledger.timetrack.entries import Entry
from opsledger.timetrack.table import EntryTable

KEYS = ("client", "project", "who", "task", "component", "billable")
_ALIASES = {"person": "who", "by": "who", "comp": "component"}


@dataclass
class EntryFilter:
    clients: set[str] = field(default_factory=lambda: set[str]())
    projects: set[str] = field(default_factory=lambda: set[str]())
    people: set[str] = field(default_factory=lambda: set[str]())
    tasks: set[str] = field(default_factory=lambda: set[str]())
    components: list[str] = field(default_factory=lambda: list[str]())
    billable: bool | None = None
    since: int | None = None  # epoch seconds; entries are clipped to [since, until)
    until: int | None = None

    def accepts(self, entry: Entry) -> bool:
        if self.clients and (entry.client or "-") not in self.clients:
            return False
        if self.projects and (entry.project or "-") not in self.projects:
            return False
        if self.people and entry.who not in self.people:
            return False
        if self.tasks and entry.task not in self.tasks:
            return False
        if self.billable is not None and entry.billable != self.billable:
            return False
        if self.components and not any(
            covers(ref, c) for ref in self.components for c in entry.components
        ):
            return False
        if self.since is not None and entry.end <= self.since:
            return False
        return self.until is None or entry.start < self.until

    def takes_all(self) -> bool:
        return not (
            self.clients or self.projects or self.people or self.tasks or self.components
        ) and (self.billable, self.since, self.until) == (None, None, None)

    def select(self, t: EntryTable) -> Iterable[int]:
        """The rows of the table that ``accepts`` would take (without building entries)."""
        if self.takes_all():
            return range(len(t))
        since, until = self.since, self.until
        starts, ends = t.start, t.end
        return [
            i
            for i in range(len(t))
            if (since is None or ends[i] > since)
            and (until is None or starts[i] < until)
            and self._takes(t, i)
        ]

    def _takes(self, t: EntryTable, i: int) -> bool:
        if self.clients and (t.client[i] or "-") not in self.clients:
            return False
        if self.projects and (t.project[i] or "-") not in self.projects:
            return False
        if self.people and t.who[i] not in self.people:
            return False
        if self.tasks and t.task[i] not in self.tasks:
            return False
        if self.billable is not None and t.billable[i] != self.billable:
            return False
        return not self.components or any(
            covers(ref, c) for ref in self.components for c in t.components[i]
        )

    def add_terms(self, terms: tuple[str, ...] | list[str]) -> list[str]:
        """Apply ``key:value`` terms; returns the task fragments to resolve (``task:3kq9``)."""
        fragments: list[str] = []
        for term in terms:
            key, sep, value = term.partition(":")
            key = _ALIASES.get(key, key)
            if not sep or key not in KEYS or not value:
                raise UsageError(f"query term {term!r}: expected KEY:VALUE with KEY in {KEYS}")
            if key == "task":
                fragments.append(value)
            elif key == "component":
                self.components.append(value)
            elif key == "billable":
                self.billable = value.lower() in ("1", "true", "yes", "y")
            else:
                {"client": self.clients, "project": self.projects, "who": self.people}[key].add(
                    value
                )
        return fragments
