"""Every time entry of a ledger as columns, one list per field.

A report over 100,000 entries spends its time per entry; an object per entry (a
dataclass built from a cached row) cost more than the whole report budget. Columns load
from the cache in one ``marshal`` call and the report reads them by index; ``Entry``
objects are built only for the commands that print entries one by one.
"""

from __future__ import annotations

import hashlib
import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from opsledger.timetrack.entries import Entry

# The column order of the cache file; ``Entry`` fields after ``task``.
FIELDS = (
    "task",
    "id",
    "start",
    "end",
    "who",
    "client",
    "project",
    "components",
    "billable",
    "note",
    "start_text",
    "end_text",
    "minutes",
)


def _empty() -> list[Any]:
    return []


def _no_prints() -> array[int]:
    return array("q")


@dataclass(slots=True)
class EntryTable:
    task: list[str] = field(default_factory=_empty)
    id: list[str] = field(default_factory=_empty)
    start: list[int] = field(default_factory=_empty)  # epoch seconds
    end: list[int] = field(default_factory=_empty)
    who: list[str] = field(default_factory=_empty)
    client: list[str | None] = field(default_factory=_empty)
    project: list[str | None] = field(default_factory=_empty)
    components: list[tuple[str, ...]] = field(default_factory=_empty)
    billable: list[bool] = field(default_factory=_empty)
    note: list[str | None] = field(default_factory=_empty)
    start_text: list[str] = field(default_factory=_empty)
    end_text: list[str | None] = field(default_factory=_empty)
    minutes: list[int | None] = field(default_factory=_empty)
    # per row a 64-bit digest of what its settled pieces depend on (``memo.py``)
    prints: array[int] = field(default_factory=_no_prints)
    # the generation of the cache the rows were read from or written to (``cache.py``);
    # None: not from a cache
    origin: str | None = None

    def __len__(self) -> int:
        return len(self.start)

    def columns(self) -> list[list[Any]]:
        return [getattr(self, name) for name in FIELDS]

    @classmethod
    def of_columns(cls, columns: list[list[Any]], prints: array[int]) -> EntryTable:
        table = cls(prints=prints)
        for name, column in zip(FIELDS, columns, strict=True):
            setattr(table, name, column)
        return table

    @classmethod
    def of(cls, entries: Iterable[Entry]) -> EntryTable:
        table = cls()
        for entry in entries:
            table.append(entry)
        return table

    def append(self, e: Entry) -> None:
        for column, value in zip(self.columns(), _values(e), strict=True):
            column.append(value)
        self.prints.append(fingerprint(e))

    def extend(self, other: EntryTable, lo: int, hi: int) -> None:
        """Rows ``lo:hi`` of ``other`` (files' entries from the previous cache)."""
        if hi <= lo:
            return
        for mine, theirs in zip(self.columns(), other.columns(), strict=True):
            mine.extend(theirs[lo:hi])
        self.prints.extend(other.prints[lo:hi])

    def entry(self, i: int) -> Entry:
        return Entry(*(column[i] for column in self.columns()))

    def entries(self, indices: Iterable[int] | None = None) -> list[Entry]:
        return [self.entry(i) for i in (range(len(self)) if indices is None else indices)]


def fingerprint(e: Entry) -> int:
    """The entry's place among one person's overlaps: its times and its rank (task, id).
    Stable across processes, unlike ``hash`` of a string."""
    text = f"{e.task}\0{e.id}\0{e.start}\0{e.end}".encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "little", signed=True)


def _values(e: Entry) -> tuple[Any, ...]:
    # Repeated values as one object each: ``marshal`` then writes them once.
    intern = sys.intern
    return (
        intern(e.task),
        e.id,
        e.start,
        e.end,
        intern(e.who),
        None if e.client is None else intern(e.client),
        None if e.project is None else intern(e.project),
        e.components,
        e.billable,
        e.note,
        e.start_text,
        e.end_text,
        e.minutes,
    )
