"""The numbers and short lists behind ``opsledger status``, all from the index."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from opsledger.index.fields import PRIORITIES
from opsledger.index.upcoming import Upcoming, next_windows

if TYPE_CHECKING:
    from opsledger.index.service import Index

SHOWN = 8
RECENT_DAYS = 7


class Bucket(NamedTuple):
    total: int = 0
    rows: tuple[dict[str, Any], ...] | list[dict[str, Any]] = ()


class Summary(NamedTuple):
    open_total: int
    incidents_by_priority: dict[str, int]
    me: str | None
    mine: Bucket
    overdue: Bucket
    blocked: Bucket
    recent: Bucket
    windows: list[Upcoming]


def _bucket(index: Index, query: str, sort: str | None = None) -> Bucket:
    return Bucket(index.count(query), index.query(query, sort=sort, limit=SHOWN).rows)


def summarize(index: Index, me: str | None) -> Summary:
    conn = index.conn
    counts = dict(
        conn.execute(
            "SELECT priority, count(*) FROM records WHERE kind = 'task' AND type = 'incident'"
            " AND status IN ('open', 'assigned', 'in_progress', 'blocked') GROUP BY priority"
        ).fetchall()
    )
    ws = index.ws
    return Summary(
        open_total=index.count("is:open"),
        incidents_by_priority={p: int(counts.get(p, 0)) for p in PRIORITIES},
        me=me,
        mine=_bucket(index, f'is:open assignee:"{me}"') if me else Bucket(),
        overdue=_bucket(index, "is:overdue"),
        blocked=_bucket(index, "is:blocked"),
        recent=_bucket(index, f"changed:>=-{RECENT_DAYS}d", sort="-changed"),
        windows=next_windows(conn, ws.now(), ws.zone, SHOWN, ws.paths.cache / "upcoming.marshal"),
    )
