from __future__ import annotations

import stat
from pathlib import Path

from opsledger.shell.spool import ensure_spool, parse_spool


def rec(*fields: str) -> bytes:
    return ("\x1e" + "\x1f".join(fields)).encode()


def test_bash_records_use_history_lines_and_drop_repeats() -> None:
    data = (
        rec("v1", "bash", "7", "100.5", "101.75", "", "0", "/srv", "pg-07.x", "T-1", "  4  df -h\n")
        + rec("v1", "bash", "7", "102", "103", "", "0", "/srv", "pg-07", "T-1", "  4  df -h\n")
        + rec("v1", "bash", "7", "104", "105", "", "2", "/", "pg-07", "T-1", "  5* ls\nx\n")
    )  # fmt: skip
    records = parse_spool(data)
    assert [(r.cmd, r.exit, r.duration, r.host) for r in records] == [
        ("df -h", 0, 1.25, "pg-07"),
        ("ls\nx", 2, 1.0, "pg-07"),
    ]


def test_zsh_and_fish_records() -> None:
    data = (
        rec("v1", "zsh", "8", "10", "11", "", "1", "/", "h", "T-1", "false\n")
        + rec("v1", "fish", "9", "", "", "1500", "0", "/", "h", "T-1", "sleep 1.5", "\n")
        + rec(
            "v1", "fish", "9", "", "", "3", "0", "/", "h", "T-1", "ls", "1763630000", "sleep 1.5\n"
        )
        + rec("v2", "future")
        + rec("v1", "zsh", "8", "1", "2", "", "0", "/", "h", "T-1", "opsledger unfocus\n")
    )
    records = parse_spool(data)
    assert [(r.cmd, r.exit, r.start, r.duration) for r in records] == [
        ("false", 1, 10.0, 1.0),
        ("sleep 1.5", 0, 1763630000.0, 1.5),
        ("ls", 0, None, 0.003),
    ]


def test_spool_is_private(tmp_path: Path) -> None:
    path = ensure_spool(tmp_path / "state")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
