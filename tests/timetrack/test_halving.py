from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from opsledger.timetrack.halving import differing


@given(st.lists(st.tuples(st.binary(max_size=2), st.binary(max_size=2)), max_size=40))
def test_the_places_that_differ_are_found(pairs: list[tuple[bytes, bytes]]) -> None:
    old, new = [a for a, _ in pairs], [b for _, b in pairs]
    expected = [n for n, (a, b) in enumerate(pairs) if a != b]
    assert differing(old, new, len(pairs)) == expected
    found = differing(old, new, len(pairs), most=2)  # stops once past two
    assert found == (expected if len(expected) <= 2 else expected[:3])


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=30))
def test_a_place_is_width_items_wide(pairs: list[tuple[int, int]]) -> None:
    old = memoryview(bytes(x for a, _ in pairs for x in (a, 0, 0)))
    new = memoryview(bytes(x for _, b in pairs for x in (b, 0, 0)))
    expected = [n for n, (a, b) in enumerate(pairs) if a != b]
    assert differing(old, new, len(pairs), width=3) == expected
