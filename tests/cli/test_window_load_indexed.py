"""Loading every window reads those the index parsed as they are from it, hashing their
bytes instead of parsing them; an edited or unindexed window is parsed as before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from opsledger.ledger import Ledger
from opsledger.schedule import load
from tests.cli.conftest import Runner, created_id

NOW = "2026-11-20T10:00:00+01:00"


def _parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = load.read_window

    def spy(ws: Any, path: Path, relpath: str | None = None) -> tuple[dict[str, Any], str]:
        seen.append(str(relpath))
        return real(ws, path, relpath)

    monkeypatch.setattr(load, "read_window", spy)
    return seen


def test_windows_come_from_a_current_index(
    run: Runner, ledger_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPSLEDGER_NOW", NOW)
    first = created_id(
        run("window", "new", "Patching", "--start", "2026-12-05T22:00", "--duration", "2h",
            "--component", "aws/eu-west-1/prod/db/**")
    )  # fmt: skip
    second = created_id(
        run("window", "new", "Backups", "--start", "2026-12-06T22:00", "--duration", "1h",
            "--component", "aws/eu-west-1/prod/db/**")
    )  # fmt: skip
    parsed = _parsed(monkeypatch)
    before = load.load_windows(Ledger.open(ledger_dir).ws)  # no index yet: both parsed
    assert len(parsed) == 2
    assert run("list", "--in", "windows").code == 0  # builds the index
    parsed.clear()
    indexed = load.load_windows(Ledger.open(ledger_dir).ws)
    assert parsed == []
    assert [w.id for w in indexed.windows] == [w.id for w in before.windows]
    assert indexed.texts == before.texts
    assert [w.start for w in indexed.windows] == [w.start for w in before.windows]
    path = next(ledger_dir.glob(f"windows/**/{second}.yaml"))
    path.write_text(path.read_text().replace('duration: "1h"', 'duration: "3h"'))
    again = load.load_windows(Ledger.open(ledger_dir).ws)
    assert [Path(p).stem for p in parsed] == [second]
    changed = next(w for w in again.windows if w.id == second)
    unchanged = next(w for w in again.windows if w.id == first)
    assert changed.length.total_seconds() == 3 * 3600
    old = next(w for w in before.windows if w.id == first)
    assert {k: v for k, v in vars(unchanged).items() if v != vars(old)[k]} == {}


def test_window_check_reads_linked_tasks_from_a_current_index(
    run: Runner, ledger_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from opsledger.schedule import gather

    monkeypatch.setenv("OPSLEDGER_NOW", NOW)
    window = created_id(
        run("window", "new", "Patching", "--start", "2026-12-05T22:00", "--duration", "2h",
            "--component", "aws/eu-west-1/prod/db/**")
    )  # fmt: skip
    task = created_id(
        run("task", "new", "Patch pg-07", "--window", window,
            "--component", "aws/eu-west-1/prod/db/pg-07")
    )  # fmt: skip
    assert run("list").code == 0  # builds the index
    parsed: list[str] = []
    real = gather._parse  # pyright: ignore[reportPrivateUsage]

    def spy(kind: str, relpath: str, raw: bytes) -> Any:
        parsed.append(relpath)
        return real(kind, relpath, raw)

    monkeypatch.setattr(gather, "_parse", spy)
    ws = Ledger.open(ledger_dir).ws
    assert [relpath for relpath, _ in gather.check_input(ws).tasks] == [f"tasks/{task}.yaml"]
    assert parsed == []
    path = ledger_dir / "tasks" / f"{task}.yaml"
    path.write_text(path.read_text().replace("pg-07", "pg-08"))
    (data,) = [d for _, d in gather.check_input(Ledger.open(ledger_dir).ws).tasks]
    assert parsed == [f"tasks/{task}.yaml"] and data["components"] == [
        "aws/eu-west-1/prod/db/pg-08"
    ]
    result = run("window", "check")
    assert result.code in (0, 1) and "Traceback" not in result.err
