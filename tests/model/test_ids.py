from __future__ import annotations

import pytest

from opsledger.model.errors import Ambiguous, NotFound, UsageError
from opsledger.model.ids import (
    derived_record_id,
    is_record_id,
    new_entry_id,
    new_record_id,
    normalize_fragment,
)
from opsledger.store.idresolve import resolve_id

IDS = ["T-3kq9f2xw", "T-3kq9a000", "T-7h2k9mqa", "W-3kq9f2xw"]


def test_new_ids_have_the_documented_shape() -> None:
    for _ in range(200):
        assert is_record_id(new_record_id("T"))
        entry = new_entry_id()
        assert len(entry) == 6 and all(c in "0123456789abcdefghjkmnpqrstvwxyz" for c in entry)


def test_derived_id_is_stable_and_depends_on_every_part() -> None:
    first = derived_record_id("T", "alertmanager", "5f1c", "2026-11-20T09:14:12Z")
    assert first == derived_record_id("T", "alertmanager", "5f1c", "2026-11-20T09:14:12Z")
    assert is_record_id(first)
    assert first != derived_record_id("T", "grafana", "5f1c", "2026-11-20T09:14:12Z")
    assert first != derived_record_id("T", "alertmanager", "5f1d", "2026-11-20T09:14:12Z")
    assert first != derived_record_id("T", "alertmanager", "5f1c", "2026-11-20T09:14:13Z")


def test_derived_id_matches_the_design_formula() -> None:
    import hashlib

    digest = hashlib.sha256(b"am\x00k\x002026-01-01T00:00:00Z").digest()
    value = int.from_bytes(digest[:5], "big")
    alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
    expected = "".join(alphabet[(value >> (5 * (7 - i))) & 31] for i in range(8))
    assert derived_record_id("T", "am", "k", "2026-01-01T00:00:00Z") == f"T-{expected}"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("T-3KQ9F", (("T", "3kq9f"))),
        ("3kq9", (None, "3kq9")),
        ("3kq9ILO", (None, "3kq9110")),
        ("t-7h2k", ("T", "7h2k")),
        ("bad!", (None, "")),
        ("3kqu", (None, "")),
    ],
)
def test_fragments_are_read_the_crockford_way(typed: str, expected: tuple[str | None, str]) -> None:
    assert normalize_fragment(typed) == expected


def test_resolve_by_unique_prefix_with_or_without_kind() -> None:
    assert resolve_id("7h2k", IDS, "T") == "T-7h2k9mqa"
    assert resolve_id("T-7H2K", IDS) == "T-7h2k9mqa"
    assert resolve_id("W-3kq9", IDS) == "W-3kq9f2xw"
    assert resolve_id("3kq9f2xw", IDS, "T") == "T-3kq9f2xw"


def test_ambiguous_prefix_lists_the_candidates() -> None:
    with pytest.raises(Ambiguous) as caught:
        resolve_id("3kq9", IDS, "T")
    assert caught.value.candidates == ["T-3kq9a000", "T-3kq9f2xw"]
    assert "T-3kq9a000, T-3kq9f2xw" in str(caught.value)


def test_unknown_and_too_short_and_garbage() -> None:
    with pytest.raises(NotFound):
        resolve_id("zzzz", IDS, "T")
    with pytest.raises(UsageError, match="too short"):
        resolve_id("3kq", IDS, "T")
    with pytest.raises(UsageError, match="not an id"):
        resolve_id("../etc", IDS, "T")
