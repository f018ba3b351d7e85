"""The receiver's counters in the Prometheus text exposition format (``/metrics``)."""

from __future__ import annotations

import threading
from collections.abc import Callable

_COUNTERS = {
    "received": "Alerts received by the webhook receiver.",
    "deduplicated": "Alerts that repeated an open task.",
    "created": "Tasks created from alerts.",
    "rejected": "Payloads or alerts rejected.",
    "commits": "Commits written by the receiver.",
    "commit_failures": "Batches that failed to commit and were retried.",
}
_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    def __init__(self, depth: Callable[[], int]) -> None:
        self._lock = threading.Lock()
        self.values = dict.fromkeys(_COUNTERS, 0)
        self._depth = depth
        self._buckets = [0] * len(_BUCKETS)
        self._latency_sum = 0.0
        self._latency_count = 0

    def add(self, name: str, amount: int = 1) -> None:
        with self._lock:
            self.values[name] += amount

    def commit_latency(self, seconds: float) -> None:
        with self._lock:
            self._latency_sum += seconds
            self._latency_count += 1
            for index, bound in enumerate(_BUCKETS):
                if seconds <= bound:
                    self._buckets[index] += 1

    def render(self) -> str:
        with self._lock:
            lines: list[str] = []
            for name, text in _COUNTERS.items():
                metric = f"opsledger_alerts_{name}_total"
                lines += [
                    f"# HELP {metric} {text}",
                    f"# TYPE {metric} counter",
                    f"{metric} {self.values[name]}",
                ]
            lines += [
                "# HELP opsledger_alerts_journal_depth Payloads journaled, not yet committed.",
                "# TYPE opsledger_alerts_journal_depth gauge",
                f"opsledger_alerts_journal_depth {self._depth()}",
            ]
            name = "opsledger_alerts_commit_latency_seconds"
            lines += [
                f"# HELP {name} Time from taking a batch to its commit.",
                f"# TYPE {name} histogram",
            ]
            for bound, count in zip(_BUCKETS, self._buckets, strict=True):
                lines.append(f'{name}_bucket{{le="{bound}"}} {count}')
            lines.append(f'{name}_bucket{{le="+Inf"}} {self._latency_count}')
            lines.append(f"{name}_sum {self._latency_sum:.6f}")
            lines.append(f"{name}_count {self._latency_count}")
        return "\n".join(lines) + "\n"
