"""Setting ``updated:`` in a record's text without a round trip."""

from __future__ import annotations

from opsledger.store.textsplice import stamp_updated

NOW = "2026-11-21T09:05:00+01:00"


def test_updated_is_replaced_or_added_after_created() -> None:
    head = "id: T-aaaaaaaa\ncreated: 2026-11-01T10:00:00+01:00\n"
    assert stamp_updated(head + "updated: 2026-11-02T10:00:00+01:00\n", NOW) == (
        head + f"updated: {NOW}\n"
    )
    assert stamp_updated(head + "title: x", NOW) == head + f"updated: {NOW}\ntitle: x\n"


def test_layouts_it_does_not_handle_are_left_to_the_round_trip_editor() -> None:
    assert stamp_updated("id: x\nupdated: '2026'\n", NOW) is None  # quoted
    assert stamp_updated("id: x\n", NOW) is None  # no created line
