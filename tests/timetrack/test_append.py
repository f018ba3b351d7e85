"""The one-line splice that appends entries gives exactly the intended data, layout intact."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsledger.store.fastload import load_fast
from opsledger.timetrack.append import _reads_as, splice  # pyright: ignore[reportPrivateUsage]

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
HEAD = "id: T-aaaaaaaa\ntitle: Disk full  # on pg-07\ncreated: 2026-11-01T09:00:00+01:00\n"

CASES = [
    HEAD,
    HEAD + "updated: 2026-11-02T09:00:00+01:00\n",
    HEAD + "time:\n  - {id: aaaaa1, start: 2026-11-20T09:00:00+01:00, minutes: 5, who: bo}\n"
    "# trailing comment\n\nevents: []\n",
    HEAD + "time:\n- {id: aaaaa1, start: 2026-11-20T09:00:00+01:00, minutes: 5, who: bo}\n",
    HEAD + "time:\n  - id: aaaaa1\n    start: 2026-11-20T09:00:00+01:00\n    minutes: 5\n"
    "    who: bo\n    note: |\n      two\n      lines\ndescription: x\n",
    HEAD + 'commands:\n  - {id: c1c1c1, at: 2026-11-20T09:00:00+01:00, cmd: "time: 5"}\n',
]


@pytest.mark.parametrize("text", CASES)
def test_splice_reads_back_as_intended(text: str) -> None:
    new = splice(text, [ENTRY], STAMP)
    assert new is not None
    before: dict[str, Any] = load_fast(text, "t")
    expected = {**before, "updated": STAMP, "time": [*(before.get("time") or []), ENTRY]}
    assert load_fast(new, "t") == expected
    assert "# on pg-07" in new
    if "# trailing comment" in text:
        assert new.index("# trailing comment") > new.index("716328")


def test_unusual_layouts_are_left_to_the_round_trip_editor() -> None:
    flow = HEAD + "time: []\n"
    expected = {**load_fast(flow, "t"), "updated": STAMP, "time": [ENTRY]}
    assert not _reads_as(splice(flow, [ENTRY], STAMP) or "", "t", expected)
    assert splice("id: T-aaaaaaaa\ntitle: x\n", [ENTRY], STAMP) is None  # no created line


@settings(max_examples=60, deadline=None)
@given(note=st.text(max_size=40), count=st.integers(0, 3))
def test_any_note_survives(note: str, count: int) -> None:
    items = "".join(
        f"  - {{id: aaaaa{i}, start: 2026-11-20T09:00:00+01:00, minutes: 5, who: bo}}\n"
        for i in range(count)
    )
    text = HEAD + ("time:\n" + items if count else "")
    entry = {**ENTRY, "note": note}
    new = splice(text, [entry], STAMP)
    assert new is not None
    assert load_fast(new, "t")["time"][-1] == entry
