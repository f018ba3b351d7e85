"""``--sort`` keys and ``--after`` cursors: keyset pagination that stays put while records
are added, because a cursor names the last row's sort values rather than an offset."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any, NamedTuple

from opsledger.model.errors import UsageError


class Ordering(NamedTuple):
    keys: tuple[tuple[str, bool], ...]  # (SQL expression, descending), the tie-breakers last
    spec: str

    def order_by(self) -> str:
        parts: list[str] = []
        for expr, desc in self.keys:
            parts.append(f"({expr} IS NULL)")
            parts.append(f"{expr} DESC" if desc else expr)
        return "ORDER BY " + ", ".join(parts)

    def select(self) -> str:
        return ", ".join(f"{expr} AS k{i}" for i, (expr, _) in enumerate(self.keys))

    def after(self, values: list[Any]) -> tuple[str, list[Any]]:
        """Rows strictly after the row whose sort values are ``values`` (nulls last)."""
        clauses: list[str] = []
        params: list[Any] = []
        for i, (expr, desc) in enumerate(self.keys):
            if values[i] is None:
                continue  # nothing sorts after a null in its key: nulls are last
            same: list[str] = []
            for j in range(i):
                if values[j] is None:
                    same.append(f"{self.keys[j][0]} IS NULL")
                else:
                    same.append(f"{self.keys[j][0]} = ?")
                    params.append(values[j])
            same.append(f"({expr} IS NULL OR {expr} {'<' if desc else '>'} ?)")
            params.append(values[i])
            clauses.append("(" + " AND ".join(same) + ")")
        return ("(" + " OR ".join(clauses) + ")" if clauses else "0"), params

    def fingerprint(self) -> str:
        # A check against mixing up cursors, not a secret: crc32 spares importing hashlib.
        return f"{binascii.crc32(self.spec.encode()):08x}"[:6]

    def cursor(self, values: list[Any]) -> str:
        raw = json.dumps([self.fingerprint(), *values], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    def read_cursor(self, cursor: str) -> list[Any]:
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            decoded = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise UsageError(f"--after: not a cursor: {cursor!r}") from None
        if not isinstance(decoded, list) or len(decoded) != len(self.keys) + 1:  # pyright: ignore[reportUnknownArgumentType]
            raise UsageError("--after: this cursor belongs to another query or sort")
        if decoded[0] != self.fingerprint():
            raise UsageError("--after: this cursor belongs to another sort order")
        return decoded[1:]  # pyright: ignore[reportUnknownVariableType]


def ordering(
    spec: str, sorts: dict[str, str], alias: str, tiebreak: tuple[str, ...], rank: bool
) -> Ordering:
    keys: list[tuple[str, bool]] = []
    for raw in spec.split(","):
        name = raw.strip()
        if not name:
            continue
        desc = name.startswith("-")
        name = name.lstrip("-+").lower()
        if name == "rank" and rank:
            keys.append(("score", desc))
            continue
        column = sorts.get(name)
        if column is None:
            known = ", ".join(sorted([*sorts, *(["rank"] if rank else [])]))
            raise UsageError(f"--sort: unknown key {name!r} (known: {known})")
        keys.append((f'{alias}."{column}"', desc))
    keys += [(f'{alias}."{column}"', False) for column in tiebreak]
    return Ordering(tuple(keys), spec)
