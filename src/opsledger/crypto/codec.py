"""Encrypt and decrypt single values, bound to their record and field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from opsledger.crypto import age
from opsledger.crypto.envelope import Plain, format_value, open_payload, parse_value, seal_payload
from opsledger.crypto.errors import NoIdentity
from opsledger.crypto.fieldpath import format_path
from opsledger.crypto.identities import Identities, load_identities
from opsledger.crypto.recipients import Rules
from opsledger.model.ids import RECORD_ID_RE


def binding_of(relpath: str, data: Any) -> str:
    """``at`` of the envelope: the record id when the file is named after it (so a record
    moved to a sub-folder keeps its secrets), else the ledger-relative path."""
    mapping: dict[str, Any] = data if isinstance(data, dict) else {}  # pyright: ignore[reportUnknownVariableType]
    record_id = mapping.get("id")
    stem = relpath.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if isinstance(record_id, str) and record_id == stem and RECORD_ID_RE.match(record_id):
        return record_id
    return relpath


@dataclass
class Codec:
    """The rules and (lazily) the identities of one ledger session."""

    rules: Rules
    env: Mapping[str, str]
    _identities: Identities | None = field(default=None, repr=False)

    @property
    def identities(self) -> Identities:
        if self._identities is None:
            self._identities = load_identities(self.env)
        return self._identities

    def encrypt(self, relpath: str, at: str, keypath: Sequence[str | int], value: Plain) -> str:
        recipients = self.rules.for_path(relpath)
        payload = seal_payload(at, format_path(keypath), value)
        return format_value(recipients.fingerprint, age.encrypt(payload, recipients.parsed))

    def decrypt(self, relpath: str, at: str, keypath: Sequence[str | int], text: str) -> Plain:
        path = format_path(keypath)
        where = f"{relpath}: {path}"
        sealed = parse_value(text, where)
        try:
            payload = age.decrypt(sealed.age_file, self.identities.keys, where)
        except NoIdentity:
            raise NoIdentity(f"{where}: {self.no_identity_hint(relpath)}") from None
        return open_payload(payload, at, path)

    def no_identity_hint(self, relpath: str) -> str:
        try:
            holders = ", ".join(self.rules.for_path(relpath).holders())
        except Exception:  # the hint must not hide the real problem
            holders = "unknown (no encryption rule matches)"
        return (
            f"none of your identities ({self.identities.describe()}) can decrypt this value;"
            f" its recipients: {holders}"
        )

    def keep_or_encrypt(
        self,
        relpath: str,
        at: str,
        keypath: Sequence[str | int],
        value: Plain,
        old: tuple[str, Plain] | None,
    ) -> str:
        """The old ciphertext when the plaintext did not change (quiet diffs), else a new one."""
        if old is not None and same(old[1], value):
            return old[0]
        return self.encrypt(relpath, at, keypath, value)


def same(a: Plain, b: Plain) -> bool:
    return type(a) is type(b) and a == b
