"""``policies/billing.yaml`` as plain objects, validated once per change of the file.

Validating it with the pydantic model costs ~100 ms here (importing pydantic and building
the model), more than a time operation's whole budget. The validated data, defaults
filled in, is cached in ``cache/`` with the exact text it came from (the text validated
is the text read, once); the same text validates the same way, so a hit skips pydantic.
A checksum over the whole entry catches a damaged or hand-edited cache, which is then
validated again. It is a CRC, not a cryptographic hash: anyone able to write the cache
could recompute either, and ``hashlib`` costs a time command ~3 ms to import. The
classes mirror the model's fields.
"""

from __future__ import annotations

import json
import zlib
from typing import Any, NamedTuple

from opsledger.store.atomic import write_atomic
from opsledger.store.workspace import Workspace

BILLING_FILE = "policies/billing.yaml"
_CACHE_NAME = "timetrack-billing.json"
_VERSION = 3


# NamedTuples, not dataclasses: they cost a tenth to define, and every time command
# imports this module.
class Rounding(NamedTuple):
    increment: str
    mode: str
    per: str
    minimum: str | None


class Project(NamedTuple):
    name: str | None
    rates: dict[str, float]
    billable: bool


class Client(NamedTuple):
    name: str | None
    currency: str | None
    projects: dict[str, Project]
    rates: dict[str, float]
    rounding: Rounding
    require_project: bool


class Lock(NamedTuple):
    client: str
    until: str
    note: str | None


class BillingPolicy(NamedTuple):
    currency: str
    clients: dict[str, Client]
    locks: list[Lock]

    @classmethod
    def of(cls, data: dict[str, Any]) -> BillingPolicy:
        """From the model's ``model_dump(mode="json")`` (every field present)."""
        clients = {
            name: Client(
                c["name"],
                c["currency"],
                {p: Project(**v) for p, v in c["projects"].items()},
                c["rates"],
                Rounding(**c["rounding"]),
                c["require_project"],
            )
            for name, c in data["clients"].items()
        }
        return cls(data["currency"], clients, [Lock(**lock) for lock in data["locks"]])


def _validated(ws: Workspace, text: str | None) -> dict[str, Any]:
    from opsledger.model.policies import BillingFile
    from opsledger.store.fastload import load_fast
    from opsledger.store.modelcheck import validate_model

    data = load_fast(text, BILLING_FILE) if text is not None else None
    model = validate_model(BillingFile, data or {}, BILLING_FILE, text)
    return model.model_dump(mode="json")


def _checksum(value: Any) -> int:
    canonical = json.dumps(value, sort_keys=True, separators=(",", ":"))
    return zlib.crc32(canonical.encode())


def load_billing(ws: Workspace) -> BillingPolicy:
    """The billing policy; raises ValidationFailed (file:line:col) for an invalid file."""
    try:
        text: str | None = (ws.paths.root / BILLING_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        text = None
    cache_file = ws.paths.cache / _CACHE_NAME
    try:
        cached: Any = json.loads(cache_file.read_text(encoding="utf-8"))
        if (
            cached["v"] == _VERSION
            and cached["text"] == text
            and cached["check"] == _checksum([_VERSION, text, cached["data"]])
        ):
            return BillingPolicy.of(cached["data"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass  # no cache, or an unreadable, stale or edited one: validate again
    data = _validated(ws, text)
    entry = {"v": _VERSION, "text": text, "data": data}
    entry["check"] = _checksum([_VERSION, text, data])
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cache_file, json.dumps(entry))
    except OSError:
        pass  # a cache that cannot be written only costs time
    return BillingPolicy.of(data)
