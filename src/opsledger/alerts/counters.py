"""Local alert state in ``state/`` (never committed): threshold pending counts, storm
groups and flapping transitions, pruned to their windows on every use."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from opsledger.store.atomic import write_atomic
from opsledger.store.workspace import Workspace


def _recent(times: list[float], now: datetime, within: timedelta) -> list[float]:
    floor = (now - within).timestamp()
    return [t for t in times if t > floor]


@dataclass
class Counters:
    pending: dict[str, list[float]] = field(default_factory=lambda: {})
    storms: dict[str, dict[str, Any]] = field(default_factory=lambda: {})
    flaps: dict[str, dict[str, Any]] = field(default_factory=lambda: {})

    @classmethod
    def load(cls, ws: Workspace) -> Counters:
        try:
            data = json.loads((ws.paths.state / "alerts" / "counters.json").read_text("utf-8"))
            return cls(data["pending"], data["storms"], data["flaps"])
        except (OSError, ValueError, KeyError, TypeError):
            return cls()

    def save(self, ws: Workspace) -> None:
        path = ws.paths.state / "alerts" / "counters.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"pending": self.pending, "storms": self.storms, "flaps": self.flaps}
        write_atomic(path, json.dumps(data, separators=(",", ":")))

    def occur(self, key: str, now: datetime, within: timedelta) -> int:
        """Count one more firing of ``key`` and return the count inside the window."""
        times = [*_recent(self.pending.get(key, []), now, within), now.timestamp()]
        self.pending[key] = times
        return len(times)

    def clear(self, key: str) -> None:
        self.pending.pop(key, None)

    def storm(self, group: str, now: datetime, within: timedelta) -> tuple[int, dict[str, Any]]:
        """One more new task in ``group``: (count inside the window, the group's record)."""
        record = self.storms.setdefault(group, {"times": [], "parent": None})
        times = _recent(record["times"], now, within)
        if not times:
            record["parent"] = None  # the storm blew over: the next one gets a new parent
            record["first"] = now.timestamp()
        record["times"] = [*times, now.timestamp()]
        return len(record["times"]), record

    def transition(self, key: str, status: str, now: datetime, within: timedelta) -> int:
        """Record ``status`` for ``key``; the number of fire/resolve changes in the window."""
        record = self.flaps.setdefault(key, {"last": None, "times": []})
        times = _recent(record["times"], now, within)
        if record["last"] is not None and record["last"] != status:
            times.append(now.timestamp())
        record["last"] = status
        record["times"] = times
        return len(times)
