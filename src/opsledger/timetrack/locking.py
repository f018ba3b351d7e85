"""``time lock``: mark a client's period as invoiced, as a ``locks`` entry in billing.yaml."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from opsledger.model.errors import Conflict, UsageError
from opsledger.store.workspace import Workspace
from opsledger.timetrack.billing import BILLING_FILE, Billing, load_billing


def lock(
    ws: Workspace, billing: Billing, client: str, until: datetime, note: str | None = None
) -> dict[str, Any]:
    from opsledger.model.policies import BillingFile
    from opsledger.store.modelcheck import validate_model
    from opsledger.store.yamlio import YamlDocument

    if billing.client(client) is None:
        raise UsageError(f"unknown client {client!r} (not in {BILLING_FILE})")
    stamp = ws.timestamp(until)
    current = billing.locked_until(client)
    if current is not None and int(until.timestamp()) <= current:
        raise Conflict(f"{client} is already locked up to a later or equal time")
    entry: dict[str, Any] = {"client": client, "until": stamp}
    if note:
        entry["note"] = note
    path = ws.paths.root / BILLING_FILE
    with ws.transaction("time", "lock", client, f"until {stamp}") as tx:
        doc = YamlDocument.read(path, BILLING_FILE)
        doc.append(["locks"], entry)
        text = doc.dump()
        validate_model(BillingFile, doc.plain(), BILLING_FILE, text)
        tx.write(path, text)
    billing.file = load_billing(ws)
    return entry
