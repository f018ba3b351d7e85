"""The line splices of time edits give exactly the intended data, layout intact."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsledger.store.fastload import load_fast
from opsledger.store.textsplice import stamp_updated as stamp
from opsledger.timetrack.textedit import append_items, replace_item

STAMP = "2026-11-21T10:00:00+01:00"
ENTRY = {
    "id": "716328",
    "start": "2026-11-20T10:00:00+01:00",
    "minutes": 30,
    "who": "olivia",
    "client": "acme",
    "billable": True,
    "note": 'a "quoted": note, with # and ,',
}
EVENT = {
    "id": "e1e1e1",
    "at": STAMP,
    "by": "olivia",
    "kind": "time",
    "action": "edit",
    "before": {"end": "2026-11-20T10:00:00+01:00", "note": None},
}
HEAD = "id: T-aaaaaaaa\ntitle: Disk full  # on pg-07\ncreated: 2026-11-01T09:00:00+01:00\n"
ITEM = "  - {{id: aaaaa{0}, start: 2026-11-20T09:00:00+01:00, minutes: 5, who: bo}}\n"
THREE = HEAD + "time:\n" + ITEM.format(1) + "  # about two\n" + ITEM.format(2) + ITEM.format(3)

CASES = [
    HEAD,
    HEAD + "updated: 2026-11-02T09:00:00+01:00\n",
    HEAD + "time:\n" + ITEM.format(1) + "# trailing comment\n\nevents: []\n",
    HEAD + "time:\n- {id: aaaaa1, start: 2026-11-20T09:00:00+01:00, minutes: 5, who: bo}\n",
    HEAD + "time:\n  - id: aaaaa1\n    start: 2026-11-20T09:00:00+01:00\n    minutes: 5\n"
    "    who: bo\n    note: |\n      two\n      lines\ndescription: x\n",
    HEAD + 'commands:\n  - {id: c1c1c1, at: 2026-11-20T09:00:00+01:00, cmd: "time: 5"}\n',
    THREE + "events:\n  - {id: e0e0e0, at: 2026-11-20T09:00:00+01:00, by: bo, kind: x}\n",
]


def _plain(text: str) -> dict[str, Any]:
    return load_fast(text, "t")


@pytest.mark.parametrize("text", CASES)
def test_append_reads_back_as_intended(text: str) -> None:
    new = stamp(append_items(text, "time", [ENTRY]) or "", STAMP)
    assert new is not None
    before = _plain(text)
    expected = {**before, "updated": STAMP, "time": [*(before.get("time") or []), ENTRY]}
    assert _plain(new) == expected
    assert "# on pg-07" in new
    if "# trailing comment" in text:
        assert new.index("# trailing comment") > new.index("716328")


@pytest.mark.parametrize("text", CASES)
def test_events_append_with_nested_mappings(text: str) -> None:
    new = append_items(text, "events", [EVENT])
    if "events: []" in text:
        assert new is None  # a flow list is left to the round-trip editor
        return
    assert new is not None
    before = _plain(text)
    assert _plain(new) == {**before, "events": [*(before.get("events") or []), EVENT]}


@pytest.mark.parametrize("index", [0, 1, 2])
def test_replace_and_remove_touch_one_item(index: int) -> None:
    before = _plain(THREE)
    replaced = replace_item(THREE, "time", index, ENTRY)
    assert replaced is not None
    items = list(before["time"])
    items[index] = ENTRY
    assert _plain(replaced) == {**before, "time": items}
    assert "  # about two\n" in replaced and "# on pg-07" in replaced
    removed = replace_item(THREE, "time", index, None)
    assert removed is not None
    del items[index]
    assert _plain(removed) == {**before, "time": items}
    assert "  # about two\n" in removed


def test_removing_the_last_item_leaves_an_empty_list() -> None:
    text = HEAD + "time:\n" + ITEM.format(1) + "# kept\nevents: []\n"
    new = replace_item(text, "time", 0, None)
    assert new is not None
    assert _plain(new) == {**_plain(text), "time": []}
    assert "# kept\n" in new


def test_unusual_layouts_are_left_to_the_round_trip_editor() -> None:
    assert append_items(HEAD + "time: []\n", "time", [ENTRY]) is None
    assert stamp("id: T-aaaaaaaa\ntitle: x\n", STAMP) is None  # no created line
    assert stamp(HEAD + "updated: 'x y'\n", STAMP) is None
    commented = HEAD + "time:\n  - {id: aaaaa1, minutes: 5}  # why\n"
    assert replace_item(commented, "time", 0, ENTRY) is None  # the comment would go
    block = CASES[4]
    assert replace_item(block, "time", 0, ENTRY) is None
    assert replace_item(block, "time", 1, None) is None  # no such item
    assert replace_item(HEAD, "time", 0, None) is None
    assert replace_item(HEAD + "time:\n  # first\n" + ITEM.format(1), "time", 0, None) is None


@settings(max_examples=60, deadline=None)
@given(note=st.text(max_size=40), count=st.integers(0, 3))
def test_any_note_survives(note: str, count: int) -> None:
    items = "".join(ITEM.format(i) for i in range(count))
    text = HEAD + ("time:\n" + items if count else "")
    entry = {**ENTRY, "note": note}
    new = append_items(text, "time", [entry])
    assert new is not None
    assert _plain(new)["time"][-1] == entry
    if count:
        replaced = replace_item(text, "time", count - 1, entry)
        assert replaced is not None and _plain(replaced)["time"][-1] == entry
