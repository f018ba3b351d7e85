"""The int loops of a report: table rows into classes, and settled pieces into groups.

A report over 100k entries pays per piece. Entries that share their key's values, their
way of billing and their person form a class (hundreds in a 100k-entry ledger, unless
the report is by task). A piece goes to the group of its class and, where the class
needs it, of its local day (rounding per day) or its period (a report by week or
month): the loop over pieces moves ints, and row keys, rounding units and prices are
worked out once per group.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from opsledger.timetrack.days import period_label
from opsledger.timetrack.settling import PieceStream
from opsledger.timetrack.table import EntryTable

# Above every day ordinal: (class, day or period) packed in one int, which hashes
# faster than a tuple. 0 (no ordinal, no period number) stands for "all days".
SPAN = 1 << 22
PERIODS = ("day", "week", "month")
ALL, DAYS, PERIOD = 0, 1, 2  # how a class's pieces are grouped over time
Person = tuple[str | None, str | None, str]  # (client, project, who): one rate
# One group: the rows of its pieces (a row once per piece) and the pieces' seconds.
Group = tuple[list[int], list[int]]


class Classes:
    """Per table row its class; per class its key's values, ``per`` and person."""

    def __init__(
        self, t: EntryTable, by: Sequence[str], billed_as: Callable[[Any, Any, bool], str | None]
    ) -> None:
        columns: dict[str, Sequence[Any]] = {
            "client": t.client,
            "project": t.project,
            "person": t.who,
            "task": t.task,
            "component": [",".join(c) or None for c in t.components] if "component" in by else [],
        }
        known = {k: billed_as(*k) for k in set(zip(t.client, t.project, t.billable, strict=True))}
        pers = list(map(known.__getitem__, zip(t.client, t.project, t.billable, strict=True)))
        # flat tuples of strings: their hashes are cached, nested tuples are hashed anew
        flat = zip(
            *(columns.get(dim) or [None] * len(t) for dim in by),
            pers,
            t.client,
            t.project,
            t.who,
            strict=True,
        )
        index: dict[tuple[Any, ...], int] = {}
        self.of_row = [index.setdefault(k, len(index)) for k in flat]
        width = len(by)
        self.values: list[tuple[Any, ...]] = [k[:width] for k in index]  # periods None
        # None: not chargeable; "": billed as recorded; else the rounding's ``per``
        self.per: list[str | None] = [k[width] for k in index]
        self.person: list[Person] = [k[width + 1 :] for k in index]
        self.by = by
        self.slots = [n for n, dim in enumerate(by) if dim in PERIODS]
        dated = bool(self.slots)
        self.mode = [DAYS if per == "day" else PERIOD if dated else ALL for per in self.per]
        self.periods: dict[tuple[str, ...], int] = {}  # labels → period number (from 1)
        self.period_of: dict[int, int] = {}  # day ordinal → period number
        self.labels: list[tuple[str, ...]] = [()]

    def period(self, day: int) -> int:
        """The number of the day's period: its labels for the report's period slots."""
        found = self.period_of.get(day)
        if found is None:
            labels = tuple(period_label(date.fromordinal(day), self.by[n]) for n in self.slots)
            found = self.period_of[day] = self.periods.setdefault(labels, len(self.periods) + 1)
            if found == len(self.labels):
                self.labels.append(labels)
        return found

    def key(self, c: int, when: int) -> tuple[Any, ...]:
        """The row key of class ``c`` for a day or period (0: all days)."""
        values = self.values[c]
        if not (self.slots and when):
            return values
        key = list(values)
        labels = self.labels[self.period(when) if self.mode[c] == DAYS else when]
        for n, label in zip(self.slots, labels, strict=True):
            key[n] = label
        return tuple(key)


def grouped(pieces: PieceStream, classes: Classes) -> dict[int, Group]:
    """Per packed (class, day or period) the rows and seconds of its pieces; pieces with
    no seconds (given to an overlapping entry) are left out."""
    of_row, mode = classes.of_row, classes.mode
    base = [c * SPAN for c in of_row]
    mode_of_row = [mode[c] for c in of_row]
    period_of, period = classes.period_of, classes.period
    groups: dict[int, Group] = {}
    for i, day, seconds in pieces:
        if not seconds:
            continue
        m = mode_of_row[i]
        if m == ALL:
            g = base[i]
        elif m == DAYS:
            g = base[i] + day
        else:
            g = base[i] + (period_of.get(day) or period(day))
        group = groups.get(g)
        if group is None:
            group = groups[g] = ([], [])
        group[0].append(i)
        group[1].append(seconds)
    return groups


def per_row(group: Group) -> list[int]:
    """The seconds of each row of a group, its pieces summed (one unit per entry)."""
    members, times = group
    if len(set(members)) == len(members):
        return times
    summed: dict[int, int] = defaultdict(int)
    for i, seconds in zip(members, times, strict=True):
        summed[i] += seconds
    return list(summed.values())
