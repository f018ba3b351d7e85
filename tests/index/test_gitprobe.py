"""git tells a big ledger's index which files to look at; the index never trusts it beyond
what git's own index vouches for (test_sync runs every freshness case through it too)."""

from __future__ import annotations

import json
import marshal
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from opsledger.index import gitprobe, sync
from opsledger.index.gitprobe import CACHE_NAME, Probe, probe_for, start_early, unvouched
from opsledger.store.git import Git
from tests.helpers import git
from tests.index.conftest import open_ledger
from tests.index.ledger_gen import init_repo, write_ledger

Small = tuple[Path, list[dict[str, Any]]]
BLOB_A, BLOB_B = "a" * 40, "b" * 40


@pytest.fixture(autouse=True)
def big_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("opsledger.index.service.PROBE_MIN", 0)


def _no_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(root: Path) -> None:
        raise AssertionError("scanned the whole work tree")

    monkeypatch.setattr(sync, "scan", refuse)


def _ids(root: Path, query: str = "") -> list[str]:
    return [r["id"] for r in open_ledger(root).query(query, sort="id")]


def _file(root: Path, task_id: str) -> Path:
    return next(root.glob(f"tasks/**/{task_id}.yaml"))


def _retitle(path: Path, title: str) -> None:
    data = json.loads(path.read_text())
    path.write_text(json.dumps(dict(data, title=title)))


def test_past_the_threshold_queries_ask_git_instead_of_scanning(
    small: Small, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, tasks = small
    ledger = open_ledger(root)
    everything = _ids(root)  # scans, then writes the cache for the next ones
    assert (ledger.index.path.parent / CACHE_NAME).is_file()
    _no_scan(monkeypatch)
    assert _ids(root) == everything
    _retitle(_file(root, tasks[0]["id"]), "edited by hand")
    (root / "tasks" / "T-zzzzzzzz.yaml").write_text(json.dumps(dict(tasks[1], id="T-zzzzzzzz")))
    _file(root, tasks[2]["id"]).unlink()
    after = _ids(root)
    assert _ids(root, "title:edited") == [tasks[0]["id"]]
    assert "T-zzzzzzzz" in after and tasks[2]["id"] not in after
    assert open_ledger(root).index.refresh().parsed == 0  # racy files are only re-hashed
    # the untracked file goes again: the index remembered git could not vouch for it
    (root / "tasks" / "T-zzzzzzzz.yaml").unlink()
    assert "T-zzzzzzzz" not in _ids(root)


def test_an_assume_unchanged_file_is_still_watched(small: Small) -> None:
    root, tasks = small
    path = _file(root, tasks[0]["id"])
    git(root, "update-index", "--assume-unchanged", str(path))
    _ids(root)
    _retitle(path, "hidden from git")
    assert git(root, "diff-files", "--name-only").strip() == ""  # git itself won't say
    assert _ids(root, "title:hidden") == [tasks[0]["id"]]


def test_a_commit_of_a_dirty_file_needs_no_reparse(small: Small) -> None:
    root, tasks = small
    path = _file(root, tasks[0]["id"])
    _retitle(path, "staged later")
    assert _ids(root, "title:staged") == [tasks[0]["id"]]
    git(root, "commit", "-qam", "commit the edit")
    assert open_ledger(root).index.refresh().parsed == 0
    assert _ids(root, "title:staged") == [tasks[0]["id"]]


def test_a_ledger_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    root = tmp_path / "repo" / "ops"
    tasks = write_ledger(root, 5, seed=5)
    (tmp_path / "repo" / "tasks").mkdir()
    (tmp_path / "repo" / "tasks" / "T-outside0.yaml").write_text(json.dumps(tasks[0]))
    init_repo(tmp_path / "repo")
    assert sorted(_ids(root)) == sorted(t["id"] for t in tasks)
    _retitle(_file(root, tasks[3]["id"]), "in the subfolder")
    assert _ids(root, "title:subfolder") == [tasks[3]["id"]]
    assert "T-outside0" not in _ids(root)


def test_without_an_answer_from_git_the_work_tree_is_scanned(
    small: Small, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, tasks = small
    _ids(root)
    _retitle(_file(root, tasks[0]["id"]), "git is gone")
    monkeypatch.setenv("PATH", str(root / "nowhere"))
    assert _ids(root, "title:gone") == [tasks[0]["id"]]
    monkeypatch.undo()
    monkeypatch.setattr("opsledger.index.service.PROBE_MIN", 0)
    monkeypatch.setenv("GIT_INDEX_FILE", str(root / ".git" / "index"))
    _retitle(_file(root, tasks[1]["id"]), "another index file")
    assert _ids(root, "title:another") == [tasks[1]["id"]]


def test_a_lost_or_damaged_cache_only_costs_time(small: Small) -> None:
    root, tasks = small
    ledger = open_ledger(root)
    _ids(root)
    cache = ledger.index.path.parent / CACHE_NAME
    cache.write_bytes(b"garbage")
    _retitle(_file(root, tasks[0]["id"]), "after the damage")
    assert _ids(root, "title:damage") == [tasks[0]["id"]]
    assert open_ledger(root).index.refresh().parsed == 0


def test_a_probe_started_early_is_used_once(small: Small, monkeypatch: pytest.MonkeyPatch) -> None:
    root, _ = small
    everything = _ids(root)
    start_early(root / "tasks")
    assert list(gitprobe._early) == [root]  # pyright: ignore[reportPrivateUsage]
    _no_scan(monkeypatch)
    assert _ids(root) == everything
    assert gitprobe._early == {}  # pyright: ignore[reportPrivateUsage]
    start_early(root.parent / "no ledger here")  # left for the command to report
    assert gitprobe._early == {}  # pyright: ignore[reportPrivateUsage]


def test_no_probe_for_a_small_ledger(small: Small, monkeypatch: pytest.MonkeyPatch) -> None:
    root, _ = small
    monkeypatch.setattr("opsledger.index.service.PROBE_MIN", 10**6)
    ledger = open_ledger(root)
    _ids(root)
    assert not (ledger.index.path.parent / CACHE_NAME).exists()
    assert probe_for(ledger.ws.git, root, ledger.index.path.parent) is None


def test_what_git_cannot_vouch_for() -> None:
    def entry(tag: str, mode: str, blob: str, stage: str, path: str) -> bytes:
        return f"{tag} {mode} {blob} {stage}\t{path}".encode() + b"\0"

    staged = b"".join(
        [
            entry("H", "100644", BLOB_A, "0", "tasks/T-same.yaml"),
            entry("H", "100755", BLOB_A, "0", "tasks/T-exec.yaml"),
            entry("H", "100644", BLOB_B, "0", "tasks/T-older.yaml"),
            entry("h", "100644", BLOB_A, "0", "tasks/T-assumed.yaml"),
            entry("S", "100644", BLOB_A, "0", "tasks/T-sparse.yaml"),
            entry("M", "100644", BLOB_A, "2", "tasks/T-merging.yaml"),
            entry("H", "120000", BLOB_A, "0", "tasks/T-link.yaml"),
            entry("H", "100644", BLOB_A, "0", "tasks/T-unindexed.yaml"),
            entry("H", "100644", BLOB_B, "0", "tasks/README.md"),
            entry("H", "100644", BLOB_B, "0", "tasks/.hidden/T-x.yaml"),
        ]
    )
    indexed = {
        f"tasks/T-{name}.yaml": BLOB_A
        for name in ("same", "exec", "older", "assumed", "sparse", "merging", "link", "untracked")
    }
    assert unvouched(staged, indexed) == [
        "tasks/T-assumed.yaml",
        "tasks/T-link.yaml",
        "tasks/T-merging.yaml",
        "tasks/T-older.yaml",
        "tasks/T-sparse.yaml",
        "tasks/T-unindexed.yaml",
        "tasks/T-untracked.yaml",
    ]


@pytest.mark.parametrize("memory_files", [True, False])
def test_a_background_git_call(
    small: Small, memory_files: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = small
    if not memory_files:
        monkeypatch.delattr(os, "memfd_create", raising=False)
    scratch = root / "scratch"
    repo = Git.discover(root)
    listing = repo.start("ls-files", "-z", scratch=scratch)
    assert listing is not None
    assert b"opsledger.yaml\0" in (listing.output() or b"")
    assert listing.output() == listing.output()  # reaped once, kept
    failing = repo.start("no-such-command", scratch=scratch)
    assert failing is not None and failing.output() is None
    with (root / ".git" / "config").open("a") as config:
        config.writelines(f"[bulk]\n  key{n} = {'x' * 100}\n" for n in range(2000))
    big = repo.start("config", "--list", scratch=scratch)
    assert big is not None and len(big.output() or b"") > 200_000  # more than a pipe holds
    assert scratch.exists() is not memory_files
    assert memory_files or list(scratch.iterdir()) == []  # the output files are unlinked


def test_git_that_cannot_start(small: Small, monkeypatch: pytest.MonkeyPatch) -> None:
    root, _ = small
    repo = Git.discover(root)
    monkeypatch.setenv("PATH", str(root / "nowhere"))
    assert repo.start("status", scratch=root) is None


def test_a_probe_without_a_git_index_answers_nothing(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    repo = Git.discover(tmp_path)
    probe = Probe(repo, tmp_path, tmp_path / "cache")
    assert probe.key is None
    assert probe.suspects(None, "token") is None  # type: ignore[arg-type]


def test_a_copied_repository_gets_git_to_refresh_its_stat_cache(
    small: Small, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, tasks = small
    monkeypatch.setattr(gitprobe, "REFRESH_AFTER", 3)
    _ids(root)
    for path in root.glob("tasks/**/*.yaml"):  # same bytes, new stat: git calls them modified
        os.utime(path, (1_700_000_000, 1_700_000_000))
    assert len(git(root, "diff-files", "--name-only").split()) == len(tasks)
    assert open_ledger(root).index.refresh().parsed == 0
    assert git(root, "diff-files", "--name-only").strip() == ""


def test_a_write_by_another_process_meanwhile_saves_no_list(
    small: Small, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process wrote rows this probe's list never looked at: the list is not saved
    for the new token, so the next query works out again what git vouches for."""
    root, tasks = small
    ledger = open_ledger(root)
    _ids(root)
    _retitle(_file(root, tasks[0]["id"]), "mine")
    real = sync.stat_paths

    def racing(base: Path, paths: set[str]) -> Any:
        with sqlite3.connect(ledger.index.path) as other:
            other.execute("UPDATE meta SET value = 'theirs' WHERE key = 'token'")
        return real(base, paths)

    monkeypatch.setattr(sync, "stat_paths", racing)
    open_ledger(root).index.refresh()
    monkeypatch.undo()
    monkeypatch.setattr("opsledger.index.service.PROBE_MIN", 0)
    saved_token = marshal.loads((ledger.index.path.parent / CACHE_NAME).read_bytes())[1]
    with sqlite3.connect(ledger.index.path) as conn:
        (current_token,) = conn.execute("SELECT value FROM meta WHERE key = 'token'").fetchone()
    assert saved_token != current_token
    assert _ids(root, "title:mine") == [tasks[0]["id"]]


def test_a_nested_repository_or_linked_folder_is_scanned(small: Small, tmp_path: Path) -> None:
    root, tasks = small
    _ids(root)
    nested = root / "tasks" / "archive"
    nested.mkdir()
    git(nested, "init", "-q")
    (nested / "T-nested01.yaml").write_text(json.dumps(dict(tasks[0], id="T-nested01")))
    assert "T-nested01" in _ids(root)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "W-linked01.yaml").write_text("id: W-linked01\ntitle: x\n")
    (root / "windows").symlink_to(outside, target_is_directory=True)
    rows = open_ledger(root).query("", kind="window", limit=None)
    assert [r["id"] for r in rows] == ["W-linked01"]


def test_git_refreshes_its_stat_cache_once_per_state(
    small: Small, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, tasks = small
    monkeypatch.setattr(gitprobe, "REFRESH_AFTER", 3)
    _ids(root)
    for task in tasks[:6]:  # really changed: a refresh cannot make git call them clean
        _retitle(_file(root, task["id"]), "changed for real")
    calls: list[tuple[str, ...]] = []
    real = Probe._start  # pyright: ignore[reportPrivateUsage]

    def spy(self: Probe, *args: str) -> Any:
        calls.append(args)
        return real(self, *args)

    monkeypatch.setattr(Probe, "_start", spy)
    for _ in range(3):
        open_ledger(root).index.refresh()
    assert sum(args[0] == "update-index" for args in calls) == 1
    monkeypatch.setenv("GIT_OPTIONAL_LOCKS", "0")
    calls.clear()
    os.utime(_file(root, tasks[7]["id"]), (1_700_000_000, 1_700_000_000))
    git(root, "update-index", "--refresh", check=False)  # a new state of git's index
    open_ledger(root).index.refresh()
    assert all(args[0] != "update-index" for args in calls)


def test_odd_names_are_skipped_not_fatal(small: Small) -> None:
    root, _ = small
    everything = _ids(root)
    (root / "tasks" / "T-dangling.yaml").symlink_to(root / "nowhere.yaml")
    (root / "tasks" / os.fsdecode(b"T-\xff\xfe.yaml")).write_text("id: T-badname0\n")
    assert _ids(root) == everything
