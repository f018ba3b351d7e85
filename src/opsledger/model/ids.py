"""Record and entry ids: a kind prefix plus lowercase Crockford base32 (DESIGN 3.0)."""

from __future__ import annotations

import os
import re

CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
RECORD_ID_RE = re.compile(r"^[A-Z]+-[0-9a-hjkmnp-tv-z]{8}$")
ENTRY_ID_RE = re.compile(r"^[0-9a-hjkmnp-tv-z]{6}$")
_FRAGMENT_RE = re.compile(r"^(?:([A-Za-z]+)-)?([0-9A-Za-z]+)$")
_READ_AS = str.maketrans({"i": "1", "l": "1", "o": "0"})


def encode_base32(value: int, length: int) -> str:
    chars: list[str] = []
    for _ in range(length):
        chars.append(CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def _random_bits(bits: int) -> int:
    # os.urandom is what ``secrets`` draws from; importing that (and hashlib) costs 3 ms
    # on every command that creates a record.
    return int.from_bytes(os.urandom((bits + 7) // 8), "big") >> (-bits % 8)


def new_record_id(prefix: str) -> str:
    return f"{prefix}-{encode_base32(_random_bits(40), 8)}"


def derived_record_id(prefix: str, source: str, dedup_key: str, starts_at_utc: str) -> str:
    """The id of an alert-born task: two receivers derive the same one (DESIGN 3.0)."""
    import hashlib  # only alert-born ids need it

    digest = hashlib.sha256(f"{source}\0{dedup_key}\0{starts_at_utc}".encode()).digest()
    return f"{prefix}-{encode_base32(int.from_bytes(digest[:5], 'big'), 8)}"


def new_entry_id() -> str:
    return encode_base32(_random_bits(30), 6)


def normalize_fragment(text: str) -> tuple[str | None, str]:
    """Split a user-typed id or prefix into (kind prefix or None, normalised body).

    Crockford reading: case-insensitive, ``i``/``l`` as ``1`` and ``o`` as ``0``.
    Returns an empty body when the text cannot be an id fragment.
    """
    match = _FRAGMENT_RE.match(text.strip())
    if match is None:
        return None, ""
    kind, body = match.groups()
    body = body.lower().translate(_READ_AS)
    if any(c not in CROCKFORD for c in body):
        return None, ""
    return (kind.upper() if kind else None), body


def is_record_id(text: str) -> bool:
    return RECORD_ID_RE.match(text) is not None
