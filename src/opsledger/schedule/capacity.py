"""Team capacity: the concurrent ``engineers`` of one team's windows against people.yaml."""

from __future__ import annotations

import heapq
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from opsledger.schedule.conflicts import Occurrence
from opsledger.schedule.spec import WindowSpec


@dataclass(frozen=True)
class Overload:
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
    by_team: dict[str, list[Occurrence]] = {}
    for occ in occs:
        window = windows[occ[2]]
        if window.team is not None and window.team in capacities and window.engineers > 0:
            by_team.setdefault(window.team, []).append(occ)
    found: list[Overload] = []
    for team, items in sorted(by_team.items()):
        capacity = capacities[team]
        active: list[tuple[int, int, int, int]] = []  # end, start, window, engineers
        load = 0
        for start, end, index in items:  # already sorted by start
            while active and active[0][0] <= start:
                load -= heapq.heappop(active)[3]
            need = windows[index].engineers
            heapq.heappush(active, (end, start, index, need))
            load += need
            if load <= capacity:
                continue
            involved = tuple(sorted({o[2] for o in active}))
            if relevant is not None and not any(i in relevant for i in involved):
                continue
            latest = max(o[1] for o in active)
            found.append(Overload(team, latest, active[0][0], involved, load, capacity))
    return found
