from __future__ import annotations

from datetime import UTC, datetime

from opsledger.shell.history import (
    HistoryItem,
    fish_unescape,
    parse_bash,
    parse_fish,
    parse_zsh,
    unmetafy,
)
from opsledger.shell.importer import select_items


def test_bash_timestamps_group_multiline_entries() -> None:
    data = b"#1763630000\ndf -h\n#1763630060\nfor h in a b; do\n  echo $h\ndone\n#1763630120\nls\n"
    assert parse_bash(data) == [
        HistoryItem("df -h", 1763630000),
        HistoryItem("for h in a b; do\n  echo $h\ndone", 1763630060),
        HistoryItem("ls", 1763630120),
    ]


def test_bash_without_timestamps_is_one_command_per_line() -> None:
    assert parse_bash(b"ls\n\ncd /tmp\n") == [HistoryItem("ls"), HistoryItem("cd /tmp")]


def test_bash_keeps_invalid_utf8_escaped() -> None:
    assert parse_bash(b"echo \xff\n")[0].cmd == "echo \\xff"


def test_zsh_extended_history_with_continuation_lines() -> None:
    data = b": 1763630000:2;sleep 2\n: 1763630005:0;echo one \\\\\ntwo\n: 1763630009:0;ls\n"
    assert parse_zsh(data) == [
        HistoryItem("sleep 2", 1763630000, 2.0),
        HistoryItem("echo one \\\ntwo", 1763630005, 0.0),
        HistoryItem("ls", 1763630009, 0.0),
    ]


def test_zsh_embedded_newline_is_a_trailing_backslash() -> None:
    data = b": 1763630000:0;printf a\\\nb\n"
    assert parse_zsh(data) == [HistoryItem("printf a\nb", 1763630000, 0.0)]


def test_zsh_metafied_bytes_are_restored() -> None:
    # "é" is C3 A9; zsh writes A9 (in the meta range) as 83 89.
    assert unmetafy(b"caf\xc3\x83\x89") == "café".encode()
    assert parse_zsh(b": 1:0;echo caf\xc3\x83\x89\n")[0].cmd == "echo café"
    assert parse_zsh(b"plain line\n") == [HistoryItem("plain line")]


def test_fish_history_with_escapes() -> None:
    data = (
        b"- cmd: echo one\\ntwo\n  when: 1763630000\n  paths:\n    - /tmp\n"
        b"- cmd: echo back\\\\slash\n  when: 1763630001\n- cmd: ls\n  when: bad\n"
    )
    assert parse_fish(data) == [
        HistoryItem("echo one\ntwo", 1763630000),
        HistoryItem("echo back\\slash", 1763630001),
        HistoryItem("ls"),
    ]
    assert fish_unescape("a\\tb\\") == "a\\tb\\"


def test_a_time_range_leaves_out_untimed_and_earlier_items() -> None:
    items = [HistoryItem("untimed"), HistoryItem("early", 100), HistoryItem("in", 200),
             HistoryItem("late", 300)]  # fmt: skip
    since, until = datetime.fromtimestamp(150, UTC), datetime.fromtimestamp(300, UTC)
    assert [i.cmd for i in select_items(items, since, until, None)] == ["in"]
    assert [i.cmd for i in select_items(items, None, None, "^(un|la)")] == ["untimed", "late"]
