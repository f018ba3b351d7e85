"""``window free``: options in, slots out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from opsledger.model.errors import UsageError
from opsledger.schedule.capacity import team_capacities
from opsledger.schedule.free import SlotFinder, SlotRequest
from opsledger.schedule.index import OccurrenceIndex
from opsledger.schedule.spec import WindowSpec
from opsledger.store.workspace import Workspace


def find_free(
    ws: Workspace,
    windows: Sequence[WindowSpec],
    components: Sequence[str],
    duration: timedelta,
    *,
    within: timedelta = timedelta(days=14),
    allowed_hours: tuple[tuple[int, int], ...] = (),
    allowed_days: frozenset[int] = frozenset(),
    team: str | None = None,
    engineers: int = 0,
    count: int = 3,
    since: datetime | None = None,
    step: timedelta = timedelta(minutes=15),
) -> list[tuple[datetime, datetime]]:
    if not components:
        raise UsageError("which components? give --component (repeatable, globs allowed)")
    if duration <= timedelta(0):
        raise UsageError("--duration must be longer than zero")
    capacity = None
    if team is not None:
        capacities = team_capacities(ws.people_data)
        if team not in capacities:
            raise UsageError(f"unknown team {team!r} (not in people.yaml)")
        capacity = capacities[team]
        engineers = engineers or 1
    start = since or ws.now()
    request = SlotRequest(
        components=tuple(components),
        length=duration,
        since=start,
        until=start + within,
        zone=ws.zone,
        allowed_hours=allowed_hours,
        allowed_days=allowed_days,
        team=team,
        engineers=engineers,
        capacity=capacity,
        count=count,
        step=step,
    )
    index = OccurrenceIndex(windows, int(start.timestamp()), int((start + within).timestamp()))
    return [
        (datetime.fromtimestamp(s, UTC), datetime.fromtimestamp(e, UTC))
        for s, e in SlotFinder(index, request).slots()
    ]
