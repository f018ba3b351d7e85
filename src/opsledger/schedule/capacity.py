"""Team capacity: the concurrent ``engineers`` of one team's windows against people.yaml."""

from __future__ import annotations

import heapq
from collections.abc import Collection, Mapping, Sequence
from typing import Any, NamedTuple

from opsledger.schedule.conflicts import Occurrence
from opsledger.schedule.spec import WindowSpec


class Overload(NamedTuple):
    """A tuple: a busy calendar has thousands (see ``issue.Issue``)."""

    team: str
    start: int  # the interval every window involved shares
    end: int
    windows: tuple[int, ...]  # window indices, sorted
    load: int
    capacity: int


def _mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items()}  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]


def team_capacities(people_data: Mapping[str, Any]) -> dict[str, int]:
    """``teams.<t>.capacity``, else the number of members; teams nobody declared are absent."""
    members: dict[str, int] = {}
    for person in _mapping(people_data.get("people")).values():
        teams: Any = _mapping(person).get("teams")
        for team in teams if isinstance(teams, list) else []:  # pyright: ignore[reportUnknownVariableType]
            members[str(team)] = members.get(str(team), 0) + 1  # pyright: ignore[reportUnknownArgumentType]
    out = dict(members)
    for name, team in _mapping(people_data.get("teams")).items():
        declared = _mapping(team).get("capacity")
        out[name] = declared if isinstance(declared, int) else members.get(name, 0)
    return out


def overloads(
    windows: Sequence[WindowSpec],
    occs: Sequence[Occurrence],
    capacities: Mapping[str, int],
    relevant: Collection[int] | None = None,
) -> list[Overload]:
    """Each moment an occurrence starts and pushes its team above capacity."""
    teams = [
        w.team if w.team is not None and w.team in capacities and w.engineers > 0 else None
        for w in windows
    ]
    by_team: dict[str, list[Occurrence]] = {}
    for occ in occs:
        team = teams[occ[2]]
        if team is not None:
            by_team.setdefault(team, []).append(occ)
    found: list[Overload] = []
    need = [w.engineers for w in windows]
    for team, items in sorted(by_team.items()):
        capacity = capacities[team]
        active: list[tuple[int, int, int]] = []  # end, start, window: a heap
        load = 0
        for start, end, index in items:  # already sorted by start
            while active and active[0][0] <= start:
                load -= need[heapq.heappop(active)[2]]
            heapq.heappush(active, (end, start, index))
            load += need[index]
            if load <= capacity:
                continue
            involved = tuple(sorted({o[2] for o in active}))
            if relevant is not None and not any(i in relevant for i in involved):
                continue
            latest = max([o[1] for o in active])
            found.append(Overload(team, latest, active[0][0], involved, load, capacity))
    return found
