"""What an ingested batch did: the CLI summary, the metrics and the commit message."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Report:
    received: int = 0
    created: list[str] = field(default_factory=lambda: [])
    updated: list[str] = field(default_factory=lambda: [])
    closed: list[str] = field(default_factory=lambda: [])
    deduplicated: int = 0
    resolved: int = 0
    pending: int = 0
    dropped: int = 0
    suppressed: int = 0
    attached: int = 0
    storms: list[str] = field(default_factory=lambda: [])
    flapping: list[str] = field(default_factory=lambda: [])
    rejected: list[str] = field(default_factory=lambda: [])  # "where: reason"
    notices: list[str] = field(default_factory=lambda: [])
    commit: str | None = None

    def summary(self, limit: int = 8) -> str:
        """``3 alerts: created T-a, T-b; updated T-c`` (long lists shortened)."""

        def ids(values: list[str]) -> str:
            shown = ", ".join(values[:limit])
            return shown + (f" and {len(values) - limit} more" if len(values) > limit else "")

        parts = [f"{self.received} alert{'s' if self.received != 1 else ''}"]
        if self.created:
            parts.append(f"created {ids(self.created)}")
        if self.updated:
            parts.append(f"updated {ids(self.updated)}")
        return parts[0] + (": " + "; ".join(parts[1:]) if len(parts) > 1 else "")

    def as_dict(self) -> dict[str, Any]:
        return {
            "received": self.received,
            "created": self.created,
            "updated": self.updated,
            "closed": self.closed,
            "deduplicated": self.deduplicated,
            "resolved": self.resolved,
            "pending": self.pending,
            "dropped": self.dropped,
            "suppressed": self.suppressed,
            "attached": self.attached,
            "storms": self.storms,
            "flapping": self.flapping,
            "rejected": self.rejected,
            "notices": self.notices,
            "commit": self.commit,
        }
