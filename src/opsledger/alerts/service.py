"""``ledger.alerts``: ingest payloads, manage rejected ones, run the receiver."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from opsledger.alerts import rejected
from opsledger.alerts.ingest import Batch
from opsledger.alerts.limits import decode_json
from opsledger.alerts.maintenance import Lookup
from opsledger.alerts.normal import Rejected
from opsledger.alerts.policy import Policy, load_policy
from opsledger.alerts.report import Report
from opsledger.alerts.sources import parse_payload
from opsledger.store.workspace import Workspace


class AlertService:
    def __init__(self, ws: Workspace, maintenance: Lookup | None = None) -> None:
        self.ws = ws
        self.maintenance = maintenance
        self._policy: Policy | None = None

    @property
    def policy(self) -> Policy:
        if self._policy is None:
            self._policy = load_policy(self.ws)
        return self._policy

    def ingest(self, body: bytes, source: str = "auto", *, mark: str = "") -> Report:
        """One payload → tasks, one commit. Rejections are kept and listed in the report."""
        return self.ingest_many([(source, body)], mark=mark)

    def ingest_many(self, payloads: Sequence[tuple[str, bytes]], *, mark: str = "") -> Report:
        """Many payloads → one commit (the receiver's batches)."""
        batch = Batch(self.ws, self.policy, maintenance=self.maintenance)
        for source, body in payloads:
            self._one(batch, source, body)
        return batch.write(mark)

    def _one(self, batch: Batch, source: str, body: bytes) -> None:
        try:
            data = decode_json(body, self.policy.limits)
            name, parsed = parse_payload(source, data, self.policy)
        except Rejected as exc:
            rid = rejected.store(self.ws, source, body, exc.message, batch.now)
            batch.report.rejected.append(f"{rid}: {exc.message}")
            return
        batch.report.notices.extend(f"{name}: {n}" for n in parsed.notices)
        if parsed.problems:
            reason = "; ".join(parsed.problems[:5])
            rid = rejected.store(self.ws, name, body, f"partly rejected: {reason}", batch.now)
            batch.report.rejected.extend(f"{rid}: {p}" for p in parsed.problems)
        for alert in parsed.alerts:
            batch.add(alert)

    # --- rejected payloads ----------------------------------------------------------------
    def rejected(self) -> list[dict[str, Any]]:
        return rejected.listing(self.ws)

    def rejected_show(self, fragment: str) -> dict[str, Any]:
        return rejected.load(self.ws, fragment)

    def replay(self, fragment: str, source: str | None = None) -> Report:
        """Ingest a kept payload again (after fixing alerts.yaml, say); dropped when it passes."""
        entry = rejected.load(self.ws, fragment)
        report = self.ingest(rejected.body_of(entry), source or str(entry.get("source") or "auto"))
        rejected.remove(self.ws, fragment)  # what still fails was kept again, with the new reason
        return report
