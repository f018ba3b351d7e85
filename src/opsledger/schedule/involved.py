"""The windows a check of some changed windows needs: what validate's fast path builds.

A changed window's conflicts (OL402, OL403) and its team's load (OL404) involve only
windows that occur while it does and share a component or its team; links add the
windows its records name (OL405, OL406). The free slot suggested for a conflict's
window to move depends on that window's own neighbours, over the 60 days searched: the
check runs once without free slots and, when it finds a window to move, once more with
those neighbours too. Read off the raw file data, this spares parsing and expanding the
hundreds of others. Every test errs towards keeping a window: one kept that cannot
interact changes no finding (tests/schedule/test_involved.py compares the findings).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import datetime
from functools import cached_property
from typing import Any, NamedTuple, cast

from opsledger.model.durations import parse_duration
from opsledger.model.timestamps import parse_timestamp
from opsledger.schedule.detect import SUGGEST_LIMIT, SUGGEST_WITHIN
from opsledger.schedule.issue import Issue
from opsledger.schedule.refs import literal_head, refs_meet

# A rule's occurrences start at or after its start and by its until in the wall-clock
# time of its zone: two days cover any offset.
MARGIN = 2 * 86400.0
Span = tuple[float, float]  # epoch seconds, both ends included
# The window findings over the windows of these relpaths, looking up so many free slots.
Check = Callable[[set[str], int], list[Issue]]


class Links(NamedTuple):
    """What the loaded tasks and changes name or are: window ids, task ids, change ids."""

    windows: Collection[str]
    tasks: Collection[str]
    changes: Collection[str]


def _meets(a: Span, b: Span) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _span(data: Mapping[str, Any]) -> Span:
    """Where every occurrence lies, as ``expand.occurrences`` would place them."""
    try:
        start = parse_timestamp(str(data["start"])).timestamp()
        end = data.get("end")
        if end is not None:
            length = parse_timestamp(str(end)).timestamp() - start
        else:
            length = parse_duration(str(data["duration"])).total_seconds()
        until = data.get("until")
        last = parse_timestamp(str(until)).timestamp() if until is not None else math.inf
    except (KeyError, ValueError, OverflowError):
        return -math.inf, math.inf  # no spec, or one this cannot bound: kept
    if not data.get("recurrence") and not data.get("cron"):
        return start - 1, start + length + 1  # occurrences count whole seconds
    return start - MARGIN, last + length + MARGIN


class _Window:
    """A window as its file reads, with what ``spec.parse_window`` would make of it:
    worked out only when asked (most are only asked for their id)."""

    def __init__(self, relpath: str, data: Mapping[str, Any]) -> None:
        self.relpath, self.data = relpath, data
        self.id = str(data.get("id", ""))
        team = data.get("team")
        self.team = str(team) if team else None

    @cached_property
    def components(self) -> tuple[str, ...]:
        return _strings(self.data.get("components"))

    @cached_property
    def heads(self) -> set[tuple[str, ...]]:
        return {literal_head(ref) for ref in self.components}

    @cached_property
    def prefixes(self) -> set[tuple[str, ...]]:
        return {head[:n] for head in self.heads for n in range(len(head) + 1)}

    @cached_property
    def span(self) -> Span:
        return _span(self.data)

    def links(self, links: Links) -> bool:
        change = self.data.get("change")
        return (
            self.id in links.windows
            or (bool(change) and str(change) in links.changes)
            or any(task in links.tasks for task in _strings(self.data.get("tasks")))
        )


def _strings(value: Any) -> tuple[str, ...]:
    items: list[Any] = value if isinstance(value, list) else []  # pyright: ignore[reportUnknownVariableType]
    return tuple(item for item in items if isinstance(item, str))


class _Neighbours:
    """Windows by literal head, by each prefix of a head and by team: two references
    meet only when one head is a prefix of the other (see ``pairs.PairCache``)."""

    def __init__(self, windows: Iterable[_Window]) -> None:
        self.by_head: dict[tuple[str, ...], list[_Window]] = {}
        self.by_prefix: dict[tuple[str, ...], list[_Window]] = {}
        self.by_team: dict[str, list[_Window]] = {}
        for window in windows:
            for head in window.heads:
                self.by_head.setdefault(head, []).append(window)
            for prefix in window.prefixes:
                self.by_prefix.setdefault(prefix, []).append(window)
            if window.team is not None:
                self.by_team.setdefault(window.team, []).append(window)

    def of(self, window: _Window, when: Span) -> list[_Window]:
        """Windows sharing a component or the team with ``window`` that may occur in ``when``."""
        found = {w.relpath: w for p in window.prefixes for w in self.by_head.get(p, ())}
        found.update((w.relpath, w) for h in window.heads for w in self.by_prefix.get(h, ()))
        near = [
            w
            for w in found.values()
            if any(
                refs_meet(x, y) or refs_meet(y, x) for x in window.components for y in w.components
            )
        ]
        near += self.by_team.get(window.team, []) if window.team is not None else []
        return [w for w in near if _meets(w.span, when)]


class Involved:
    """The windows of a ledger, read for the two questions the fast path asks."""

    def __init__(self, windows: Iterable[tuple[str, Any]]) -> None:
        items = list(windows)
        self.relpaths = {relpath for relpath, _ in items}
        self.windows = [
            _Window(relpath, cast("dict[str, Any]", data))
            for relpath, data in items
            if isinstance(data, dict)  # else no spec: only its own file's problem
        ]

    @cached_property
    def neighbours(self) -> _Neighbours:
        return _Neighbours(self.windows)

    def around(
        self, targets: Collection[str], since: datetime, until: datetime, links: Links
    ) -> set[str]:
        """The relpaths whose specs the findings about ``targets`` over ``[since, until)``
        need: the same findings as with every window, but for the free slots (``moving``)."""
        keep = {w.relpath: w for w in self.windows if w.relpath in targets or w.links(links)}
        for target in [w for w in self.windows if w.relpath in targets]:
            # A conflict or an overload with the target lies within this.
            near = (max(since.timestamp(), target.span[0]), min(until.timestamp(), target.span[1]))
            if near[0] <= near[1]:
                keep.update((w.relpath, w) for w in self.neighbours.of(target, near))
        return self._same_ids(keep.values()) | (self.relpaths & set(targets))

    def moving(self, moves: Iterable[tuple[str, datetime]]) -> set[str]:
        """The relpaths a free slot for each (window id, from) is looked up among."""
        by_id: dict[str, list[_Window]] = {}
        for window in self.windows:
            by_id.setdefault(window.id, []).append(window)
        keep: list[_Window] = []
        for window_id, after in moves:
            start = after.timestamp()
            for moved in by_id.get(window_id, []):
                keep += self.neighbours.of(moved, (start, start + SUGGEST_WITHIN.total_seconds()))
        return self._same_ids(keep)

    def _same_ids(self, keep: Iterable[_Window]) -> set[str]:
        # ``runner.run_checks`` looks windows up by id, and the last of one id wins.
        ids = {w.id for w in keep}
        return {w.relpath for w in self.windows if w.id in ids}


def findings(
    ledger: Involved,
    targets: Collection[str],
    since: datetime,
    until: datetime,
    links: Links,
    check: Check,
) -> list[Issue]:
    """The window findings about ``targets``, the same as ``check`` over every window."""
    chosen = ledger.around(targets, since, until, links)
    issues = check(chosen, 0)
    moves = [(i.move, i.start) for i in issues if i.move is not None and i.start is not None]
    if not moves:
        return issues
    return check(chosen | ledger.moving(moves), SUGGEST_LIMIT)
