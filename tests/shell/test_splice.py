"""The text splice must give exactly what a round-trip append gives, comments intact."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from opsledger.shell.splice import emit_item, splice_commands
from opsledger.store.fastload import load_fast
from opsledger.store.textsplice import stamp_updated
from opsledger.store.yamlio import YamlDocument

EXAMPLE = Path(__file__).resolve().parents[2] / "example-repo" / "tasks"
HEAD = "# modeline\nid: T-00000000\ntitle: t  # a comment\ncreated: 2026-11-20T10:00:00+01:00\n"
LAYOUTS = {
    "no-commands": HEAD + "events: []\n",
    "no-newline": HEAD.rstrip("\n"),
    "empty-flow": HEAD + "commands: []  # none yet\nevents: []\n",
    "block-indented": HEAD
    + "commands:\n  - {id: aaaaaa, at: 2026-11-20T10:00:00+01:00, cmd: ls, exit: 0}\n"
    + "  # between\n  - id: bbbbbb\n    at: 2026-11-20T10:01:00+01:00\n    cmd: x\n"
    + "    output: |\n      a\n\n      b\n\n# the time entries\ntime: []\n",
    "block-flush-left": HEAD
    + "commands:\n- {id: aaaaaa, at: 2026-11-20T10:00:00+01:00, cmd: ls}\nupdated: "
    + "2026-11-20T11:00:00+01:00\n",
}
ENTRIES: list[dict[str, Any]] = [
    {"id": "cccccc", "at": "2026-11-21T09:00:00+01:00", "cmd": "echo 'a: b' # c", "exit": None},
    {"id": "dddddd", "at": "2026-11-21T09:01:00+01:00", "cmd": "printf x\ny", "exit": 1,
     "output": "line 1\n  indented\n", "redacted": {"1": None}},
    {"id": "eeeeee", "at": "2026-11-21T09:02:00+01:00", "cmd": "yes", "exit": 0,
     "duration": 0.25, "output": "  leading\n"},
]  # fmt: skip


def round_trip(text: str, entries: list[dict[str, Any]], stamp: str) -> str:
    doc = YamlDocument.parse(text, "t.yaml")
    for entry in entries:
        doc.append(["commands"], entry)
    doc.set(["updated"], stamp)
    return doc.dump()


def splice(text: str, entries: list[dict[str, Any]], stamp: str) -> str:
    spliced = splice_commands(text, entries)
    assert spliced is not None
    stamped = stamp_updated(spliced, stamp)
    assert stamped is not None
    return stamped


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_splice_equals_round_trip_append(name: str) -> None:
    text = LAYOUTS[name]
    stamp = "2026-11-21T09:05:00+01:00"
    spliced = splice(text, ENTRIES, stamp)
    assert load_fast(spliced, "t") == load_fast(round_trip(text, ENTRIES, stamp), "t")
    for line in text.splitlines():
        if "#" in line:
            assert line[line.index("#") :] in spliced, line


def test_example_tasks_splice_like_round_trip() -> None:
    for path in sorted(EXAMPLE.glob("*.yaml"))[:12]:
        text = path.read_text(encoding="utf-8")
        stamp = "2026-11-21T09:05:00+01:00"
        spliced = splice(text, ENTRIES, stamp)
        assert load_fast(spliced, path.name) == load_fast(round_trip(text, ENTRIES, stamp), "x")
        comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
        assert all(line in spliced.splitlines() for line in comments)


def test_layouts_left_to_the_round_trip_editor() -> None:
    assert splice_commands(HEAD + "commands: [{id: aaaaaa}]\n", ENTRIES) is None
    assert splice_commands(HEAD + "commands:\n", ENTRIES) is None
    assert splice_commands(HEAD + "commands:\n  foo: 1\n", ENTRIES) is None
    assert splice_commands("a: 1\r\ncommands:\r\n", ENTRIES) is None
    assert splice_commands(HEAD + "commands: []\ncommands: []\n", ENTRIES) is None
    assert stamp_updated("id: x\nupdated: '2026'\n", "2026-11-21T09:05:00+01:00") is None
    assert stamp_updated("id: x\n", "2026-11-21T09:05:00+01:00") is None


def test_items_are_one_line_unless_multiline() -> None:
    assert emit_item({"id": "aaaaaa", "cmd": "ls"}, 2) == "  - {id: aaaaaa, cmd: ls}\n"
    assert emit_item({"id": "aaaaaa", "cmd": "a\nb"}, 0).startswith("- id: aaaaaa\n  cmd: |")
