"""``validate PATHS``: those files, plus the cross-file checks that involve them."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Runner
from tests.validate.conftest import LEDGERS, NOW, MakeLedger


def test_only_the_given_files_are_reported(make_ledger: MakeLedger, run: Runner) -> None:
    repo = make_ledger("ol109-unknown-record")
    shutil.copytree(LEDGERS / "ol108-unknown-team/tasks", repo / "tasks/2026")
    (repo / "tasks/2026/T-cccccccc.yaml").rename(repo / "tasks/2026/T-dddddddd.yaml")
    result = run("--now", NOW, "validate", "tasks/2026/T-dddddddd.yaml", "tasks/T-aaaaaaaa.yaml")
    assert result.code == 1
    # the id mismatch and the team of the given file; nothing of tasks/T-cccccccc.yaml
    assert [
        line.split(": error: ")[1] for line in result.out.splitlines() if ": error: " in line
    ] == [
        "id T-cccccccc does not match the file name T-dddddddd [OL104]",
        "unknown team 'network' (not in people.yaml) [OL108]",
    ]
    assert "2 files checked" in result.err


def test_cross_file_checks_reach_unloaded_files(make_ledger: MakeLedger, run: Runner) -> None:
    make_ledger("ol110-dependency-cycle")
    result = run("--now", NOW, "validate", "tasks/T-cccccccc.yaml")
    assert (
        "tasks/T-cccccccc.yaml:3:14: error: dependency cycle: T-cccccccc → T-dddddddd → T-cccccccc"
        in result.out
    )
    make_ledger("ol106-duplicate-id")
    result = run("--now", NOW, "validate", "tasks/2026/T-aaaaaaaa.yaml")
    assert result.out.startswith(
        "tasks/2026/T-aaaaaaaa.yaml:1:5: error: id T-aaaaaaaa is also used by tasks/T-aaaaaaaa.yaml"
    )
    assert "tasks/T-aaaaaaaa.yaml:1:5" not in result.out


def test_a_shared_file_widens_to_the_whole_ledger(make_ledger: MakeLedger, run: Runner) -> None:
    repo = make_ledger()
    inventory = repo / "inventory.yaml"
    inventory.write_text(inventory.read_text().replace("pg-07", "pg-70"))
    result = run("--now", NOW, "validate", "inventory.yaml")
    assert (
        "tasks/T-aaaaaaaa.yaml:8:14: error: unknown component 'aws/eu-west-1/prod/db/pg-07'"
        in result.out
    )


def test_folders_files_outside_and_missing_paths(make_ledger: MakeLedger, run: Runner) -> None:
    repo = make_ledger("ol111-timestamp-order")
    (repo / "README.md").write_text("# ops\n")
    assert run("--now", NOW, "validate", "README.md").code == 0
    result = run("--now", NOW, "validate", "tasks")
    assert result.code == 1 and "[OL111]" in result.out
    missing = run("validate", "tasks/T-nothere0.yaml")
    assert missing.code == 2 and "no such file" in missing.err


def test_each_path_is_checked_in_its_own_ledger(make_ledger: MakeLedger, run: Runner) -> None:
    repo = make_ledger()
    second = repo / "dc2"
    shutil.copytree(LEDGERS / "_base", second)
    shutil.copytree(LEDGERS / "ol107-unknown-person", second, dirs_exist_ok=True)
    result = run(
        "--now", NOW, "validate", "tasks/T-aaaaaaaa.yaml", str(Path("dc2/tasks/T-cccccccc.yaml"))
    )
    assert result.code == 1
    assert result.out.startswith("dc2/tasks/T-cccccccc.yaml:3:11: error: unknown person 'bob'")


def test_a_changed_window_is_checked_against_the_unchanged_ones(
    make_ledger: MakeLedger, run: Runner
) -> None:
    """DESIGN 7: only new and changed windows are checked against the rest, which the
    fast path has not loaded; and a changed task reaches the window its link names."""
    repo = make_ledger()
    (repo / "windows/W-bbbbbbbb.yaml").write_text(
        "id: W-bbbbbbbb\ntitle: Year-end freeze\nkind: freeze\n"
        "start: 2026-12-05T23:00:00+01:00\nduration: 2h\n"
        'components: ["aws/eu-west-1/prod/db/pg-07"]\nowner: olivia\n'
    )
    result = run("--now", NOW, "validate", "windows/W-bbbbbbbb.yaml")
    assert result.code == 1, result.out
    assert result.out.startswith(
        "windows/W-bbbbbbbb.yaml:4:8: error: W-aaaaaaaa collides with freeze W-bbbbbbbb"
    )
    assert "[OL403]" in result.out
    assert "W-aaaaaaaa.yaml" not in result.out  # the unchanged window is not reported
    whole = run("--now", NOW, "validate")  # reports it on the window to move
    assert result.out.splitlines()[0].replace("W-bbbbbbbb.yaml", "W-aaaaaaaa.yaml") in whole.out

    task = repo / "tasks/T-aaaaaaaa.yaml"
    task.write_text(task.read_text().replace("[aws/eu-west-1/prod/db/pg-07]", "[onprem/dc1/x]"))
    linked = run("--now", NOW, "validate", "tasks/T-aaaaaaaa.yaml")
    assert "tasks/T-aaaaaaaa.yaml:8:13: error: T-aaaaaaaa works on onprem/dc1/x" in linked.out
    assert "[OL406]" in linked.out


def test_a_changed_windows_neighbours_come_from_the_index(
    make_ledger: MakeLedger, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a current index the unchanged windows are not parsed again (their bytes are
    hashed against what the index parsed); one edited since is parsed, and its edit
    counts."""
    from opsledger.validate import loader

    repo = make_ledger()
    (repo / "windows/W-bbbbbbbb.yaml").write_text(
        "id: W-bbbbbbbb\ntitle: Year-end freeze\nkind: freeze\n"
        "start: 2026-12-05T23:00:00+01:00\nduration: 2h\n"
        'components: ["aws/eu-west-1/prod/db/pg-07"]\nowner: olivia\n'
    )
    without_index = run("--now", NOW, "validate", "windows/W-bbbbbbbb.yaml").out
    assert run("list", "--in", "windows").code == 0  # builds the index
    parsed: list[str] = []
    real = loader.load_files

    def spy(root: Path, items: list[loader.Item], jobs: int | None = None) -> list[Any]:
        parsed.extend(relpath for relpath, _kind, _schema in items)
        return real(root, items, jobs)

    monkeypatch.setattr(loader, "load_files", spy)
    assert run("--now", NOW, "validate", "windows/W-bbbbbbbb.yaml").out == without_index
    assert "windows/W-aaaaaaaa.yaml" not in parsed
    import sqlite3

    index = next(repo.glob(".git/opsledger/*/cache/index.sqlite3"))
    with sqlite3.connect(index) as damaged:
        damaged.execute("UPDATE record_data SET data = x'0001'")
    parsed.clear()  # a damaged row is parsed from the file instead, findings unchanged
    assert run("--now", NOW, "validate", "windows/W-bbbbbbbb.yaml").out == without_index
    assert "windows/W-aaaaaaaa.yaml" in parsed
    neighbour = repo / "windows/W-aaaaaaaa.yaml"
    neighbour.write_text(neighbour.read_text().replace("2026-12-05", "2026-12-12"))
    parsed.clear()
    after = run("--now", NOW, "validate", "windows/W-bbbbbbbb.yaml")
    assert "windows/W-aaaaaaaa.yaml" in parsed
    assert "collides" not in after.out


def test_shared_files_come_from_the_workspace_cache_and_follow_edits(
    make_ledger: MakeLedger, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from opsledger.validate import runner

    repo = make_ledger()
    calls: list[list[str]] = []
    real = runner.load_files

    def spy(root: Path, items: Any, jobs: Any) -> Any:
        calls.append([item[0] for item in items])
        return real(root, items, jobs)

    monkeypatch.setattr(runner, "load_files", spy)
    assert run("--now", NOW, "validate", "tasks/T-aaaaaaaa.yaml").code == 0
    assert run("--now", NOW, "validate", "tasks/T-aaaaaaaa.yaml").code == 0
    shared = {"opsledger.yaml", "people.yaml", "inventory.yaml"}
    assert not shared & set(calls[-1]) and "tasks/T-aaaaaaaa.yaml" in calls[-1]
    inventory = repo / "inventory.yaml"
    inventory.write_text(inventory.read_text().replace("pg-07", "pg-70"))
    result = run("--now", NOW, "validate", "tasks/T-aaaaaaaa.yaml")
    assert "error: unknown component 'aws/eu-west-1/prod/db/pg-07'" in result.out


def test_an_empty_shared_file_is_loaded_as_before(make_ledger: MakeLedger, run: Runner) -> None:
    from opsledger.ledger import Ledger
    from opsledger.validate.shared import cached_data

    repo = make_ledger()
    (repo / "inventory.yaml").write_text("")
    assert cached_data(Ledger.open(repo).ws, "inventory.yaml") is None
    fast = run("--now", NOW, "validate", "tasks/T-aaaaaaaa.yaml")
    whole = run("--now", NOW, "validate")
    assert fast.code == whole.code
    assert [line for line in whole.out.splitlines() if "T-aaaaaaaa" in line] == [
        line for line in fast.out.splitlines() if "T-aaaaaaaa" in line
    ]
