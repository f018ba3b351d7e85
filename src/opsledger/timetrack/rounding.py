"""Contract rounding, applied at report time only: the raw entries never change."""

from __future__ import annotations

from dataclasses import dataclass

from opsledger.model.durations import parse_duration


@dataclass(frozen=True)
class RoundingRule:
    increment: int = 60  # seconds
    mode: str = "up"  # up | nearest | down
    per: str = "entry"  # entry | day | report
    minimum: int = 0  # seconds; a unit with any time counts at least this much

    def apply(self, seconds: int) -> int:
        if seconds <= 0:
            return 0
        step = max(self.increment, 1)
        whole, rest = divmod(seconds, step)
        if rest and (self.mode == "up" or (self.mode == "nearest" and 2 * rest >= step)):
            whole += 1
        return max(whole * step, self.minimum)


RAW = RoundingRule(increment=1, mode="down", per="report")


def rule_of(increment: str, mode: str, per: str, minimum: str | None) -> RoundingRule:
    return RoundingRule(
        increment=int(parse_duration(increment).total_seconds()),
        mode=mode,
        per=per,
        minimum=int(parse_duration(minimum).total_seconds()) if minimum else 0,
    )
