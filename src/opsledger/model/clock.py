"""Time is passed in, never read from the process inside the core.

No dataclasses here (nor in the other modules every command loads): importing the module
costs a whole-process command about 10 ms."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import NamedTuple, Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """An aware datetime."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SystemClock)

    def __hash__(self) -> int:
        return hash(SystemClock)

    def __repr__(self) -> str:
        return "SystemClock()"


class FixedClock(NamedTuple):
    at: datetime

    def now(self) -> datetime:
        return self.at
