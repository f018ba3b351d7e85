"""Resolve what a person typed (``T-3kq9``, ``3kq9``) to exactly one record id (DESIGN 3.0)."""

from __future__ import annotations

from collections.abc import Iterable

from opsledger.model.errors import Ambiguous, NotFound, UsageError
from opsledger.model.ids import normalize_fragment

MIN_PREFIX = 4


def resolve_id(fragment: str, known_ids: Iterable[str], kind_prefix: str | None = None) -> str:
    """Return the one id that ``fragment`` names; NotFound or Ambiguous (with candidates)."""
    typed_prefix, body = normalize_fragment(fragment)
    if not body:
        raise UsageError(f"not an id or id prefix: {fragment!r}")
    if len(body) < MIN_PREFIX:
        raise UsageError(
            f"id prefix {fragment!r} is too short: type at least {MIN_PREFIX} characters"
        )
    wanted_prefix = typed_prefix or kind_prefix
    matches: list[str] = []
    for record_id in known_ids:
        prefix, _, rest = record_id.partition("-")
        if wanted_prefix is not None and prefix != wanted_prefix:
            continue
        if rest.startswith(body):
            if rest == body:
                return record_id
            matches.append(record_id)
    if not matches:
        raise NotFound(f"no record matches {fragment!r}")
    if len(matches) > 1:
        matches.sort()
        shown = ", ".join(matches[:10]) + (" …" if len(matches) > 10 else "")
        raise Ambiguous(f"{fragment!r} is ambiguous: {shown}", matches)
    return matches[0]
