"""The settled pieces of the whole ledger, cached: the common report needs no overlap work.

Clipping, cutting at midnights and resolving overlaps is most of a report over 100k
entries, and without a filter or period its result depends only on the entries, the
ledger timezone and the overlap policy. It is kept in ``cache/`` together with the
state of the entry cache it was computed from, and reused while both are unchanged.
"""

from __future__ import annotations

import marshal
from array import array
from datetime import date, tzinfo
from typing import Any, cast

from opsledger.store.workspace import Workspace
from opsledger.timetrack.cache import write_cache
from opsledger.timetrack.entries import as_mapping
from opsledger.timetrack.overlap import Policy
from opsledger.timetrack.settling import Pieces, settled
from opsledger.timetrack.table import EntryTable

_VERSION = 2
_CACHE_NAME = "timetrack-settled.marshal"


def settled_whole(ws: Workspace, t: EntryTable, zone: tzinfo, policy: Policy) -> Pieces:
    """``settled`` over every row, unclipped, from the cache when it is current."""
    if t.origin is None:
        return settled(t, range(len(t)), zone, None, None, policy)
    file = ws.paths.cache / _CACHE_NAME
    stamp: list[Any] = [_VERSION, t.origin, str(zone), policy]
    try:
        data = as_mapping(marshal.loads(file.read_bytes()))
        if data is not None and data.get("stamp") == stamp and _sound(data["pieces"], len(t)):
            return cast(Pieces, data["pieces"])
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        pass  # no cache, or an unreadable one
    pieces = settled(t, range(len(t)), zone, None, None, policy)
    write_cache(file, {"stamp": stamp, "pieces": pieces})
    return pieces


def _sound(pieces: Any, rows: int) -> bool:
    """(row, day ordinal, seconds) triples of ints naming rows of the table and real
    days: a damaged or tampered memo is recomputed rather than crash a report."""
    if type(pieces) is not list:
        return False
    items = cast(list[Any], pieces)
    if not items:
        return True
    if set(map(type, items)) != {tuple} or set(map(len, items)) != {3}:
        return False
    try:
        row, day, seconds = (array("q", column) for column in zip(*items, strict=True))
    except (TypeError, OverflowError):  # not ints
        return False
    return (
        min(row) >= 0
        and max(row) < rows
        and min(day) >= 1
        and max(day) <= date.max.toordinal()
        and min(seconds) >= 0
    )
