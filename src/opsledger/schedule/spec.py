"""A window as the scheduler needs it, read from raw file data without pydantic.

Parsing collects every problem as (key path, message) so callers can point each one at
file:line:column; the validator and ``window new``/``edit`` share these rules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Any

from opsledger.model.durations import parse_duration
from opsledger.model.timestamps import load_zone, parse_timestamp

KINDS = ("maintenance", "freeze", "critical")
PRIORITY_RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1}
KeyPath = tuple[str | int, ...]
Problem = tuple[KeyPath, str]


@dataclass(eq=False)
class WindowSpec:
    id: str
    relpath: str
    title: str
    kind: str
    priority: str
    start: datetime
    length: timedelta
    zone: tzinfo
    zone_name: str
    recurrence: str | None = None
    cron: str | None = None
    until: datetime | None = None
    count: int | None = None
    exclude: frozenset[int] = frozenset()
    components: tuple[str, ...] = ()
    team: str | None = None
    engineers: int = 0
    change: str | None = None
    tasks: tuple[str, ...] = ()
    data: Mapping[str, Any] = field(default_factory=lambda: {})

    @property
    def rank(self) -> int:
        return PRIORITY_RANK.get(self.priority, 2)

    @property
    def recurring(self) -> bool:
        return self.recurrence is not None or self.cron is not None

    @property
    def blocking(self) -> bool:
        """Freezes and critical operations are what maintenance must stay clear of."""
        return self.kind != "maintenance"


def _time(data: Mapping[str, Any], key: str, problems: list[Problem]) -> datetime | None:
    value = data.get(key)
    if value is None:
        return None
    try:
        return parse_timestamp(str(value))
    except ValueError as exc:
        problems.append(((key,), f"{key}: {exc}"))
        return None


def _length(data: Mapping[str, Any], start: datetime | None, problems: list[Problem]) -> timedelta:
    end = _time(data, "end", problems)
    raw = data.get("duration")
    if end is not None and raw is not None:
        problems.append((("duration",), "a window has either end or duration, not both"))
    if end is not None and start is not None:
        if end <= start:
            problems.append((("end",), f"end {data['end']} is not after start {data['start']}"))
        return end - start
    if raw is None:
        if end is None:
            problems.append((("start",), "a window needs an end or a duration"))
        return timedelta(0)
    try:
        length = parse_duration(str(raw))
    except ValueError as exc:
        problems.append((("duration",), str(exc)))
        return timedelta(0)
    if length <= timedelta(0):
        problems.append((("duration",), f"duration {raw!r} is zero: a window needs a length"))
    return length


def _strings(data: Mapping[str, Any], key: str, problems: list[Problem]) -> tuple[str, ...]:
    value: Any = data.get(key) or []
    if not isinstance(value, list):
        problems.append(((key,), f"{key} must be a list of non-empty strings"))
        return ()
    items: list[Any] = value  # pyright: ignore[reportUnknownVariableType]
    if not all(isinstance(v, str) and v for v in items):
        problems.append(((key,), f"{key} must be a list of non-empty strings"))
        return ()
    return tuple(str(v) for v in items)


def known_paths(inventory_data: Mapping[str, Any]) -> list[str]:
    """The declared component paths of raw ``inventory.yaml`` data."""
    components: Any = inventory_data.get("components") or {}
    return [str(k) for k in components] if isinstance(components, dict) else []  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]


def parse_window(
    data: Mapping[str, Any],
    relpath: str,
    *,
    default_zone: str = "UTC",
    known_components: Callable[[str], bool] | None = None,
) -> tuple[WindowSpec | None, list[Problem]]:
    """The spec (None when unusable) and every problem found, in file order."""
    from opsledger.schedule.rules import check_rule

    problems: list[Problem] = []
    kind = str(data.get("kind", "maintenance"))
    if kind not in KINDS:
        problems.append((("kind",), f"kind must be one of {', '.join(KINDS)}"))
    priority = str(data.get("priority", "medium"))
    if priority not in PRIORITY_RANK:
        problems.append((("priority",), f"priority must be one of {', '.join(PRIORITY_RANK)}"))
    zone_name = str(data.get("timezone") or default_zone)
    zone: tzinfo | None = None
    try:
        zone = load_zone(zone_name)
    except ValueError as exc:
        problems.append((("timezone",), str(exc)))
    start = _time(data, "start", problems)
    if start is None and "start" not in data:
        problems.append(((), "missing required field 'start'"))
    length = _length(data, start, problems)
    until = _time(data, "until", problems)
    count = data.get("count")
    if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 1):
        problems.append((("count",), "count must be a whole number of at least 1"))
    exclude: set[int] = set()
    for index, item in enumerate(data.get("exclude") or []):
        try:
            exclude.add(int(parse_timestamp(str(item)).timestamp()))
        except ValueError as exc:
            problems.append((("exclude", index), str(exc)))
    components = _strings(data, "components", problems)
    if not components and not data.get("components"):
        problems.append((("components",), "a window needs components ('**' for everything)"))
    if known_components is not None:
        for index, ref in enumerate(components):
            if not known_components(ref):
                problems.append(
                    (("components", index), f"unknown component {ref!r} (not in inventory.yaml)")
                )
    recurrence, cron = data.get("recurrence"), data.get("cron")
    rule_problems = check_rule(recurrence, cron, data.get("duration"), until, count)
    problems += rule_problems
    engineers = data.get("engineers")
    if engineers is not None and (not isinstance(engineers, int) or engineers < 0):
        problems.append((("engineers",), "engineers must be a whole number"))
        engineers = None
    team = data.get("team")
    if engineers is None:
        # Someone has to do the work: a team window without a head count needs one person.
        engineers = 1 if team and kind != "freeze" else 0
    if start is None or zone is None or length <= timedelta(0) or not components or rule_problems:
        return None, problems
    spec = WindowSpec(
        id=str(data.get("id", "")),
        relpath=relpath,
        title=str(data.get("title", "")),
        kind=kind,
        priority=priority,
        start=start,
        length=length,
        zone=zone,
        zone_name=zone_name,
        recurrence=str(recurrence) if recurrence else None,
        cron=str(cron) if cron else None,
        until=until,
        count=count if isinstance(count, int) else None,
        exclude=frozenset(exclude),
        components=components,
        team=str(team) if team else None,
        engineers=int(engineers),
        change=str(data["change"]) if data.get("change") else None,
        tasks=_strings(data, "tasks", problems),
        data=data,
    )
    return spec, problems
