"""git's index names the tasks holding a bare entry id (``timetrack/gitids.py``,
``gitlisting.py``): every change in the work tree is seen, and only changed files are read."""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from opsledger.ledger import Ledger
from opsledger.model.errors import Conflict
from opsledger.store.git import blob_id
from opsledger.timetrack import gitidcache, gitids, gitlisting, idfile, lookup
from tests.cli.conftest import Runner
from tests.helpers import git
from tests.timetrack.billing_fixture import add_billing

ITEM = "  - {{id: {0}, start: 2026-11-{1:02d}T09:00:00+01:00, minutes: 10, who: bo}}\n"


def _text(task: str, *entry_ids: str) -> str:
    items = "".join(ITEM.format(entry, 10 + n) for n, entry in enumerate(entry_ids))
    return f"id: {task}\ntitle: {task}\ntime:\n{items}"


def _write(repo: Path, relpath: str, *entry_ids: str) -> Path:
    path = repo / "tasks" / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_text(path.name[:-5], *entry_ids))
    return path


@pytest.fixture
def repo(ledger_dir: Path) -> Path:
    """Three committed tasks, T-0000000n holding entry anbncd."""
    add_billing(ledger_dir)
    for n in range(3):
        _write(ledger_dir, f"T-0000000{n}.yaml", f"a{n}b{n}cd")
    git(ledger_dir, "add", "tasks")
    git(ledger_dir, "commit", "-q", "-m", "tasks")
    return ledger_dir


def _open(repo: Path) -> Ledger:
    return Ledger.open(repo, env={"OPSLEDGER_USER": "olivia"})


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The task files read from now on (paths below the ledger)."""
    seen: list[str] = []
    real = idfile.read

    def spy(path: str) -> bytes | None:
        seen.append(Path(path).as_posix().split("/tasks/", 1)[1])
        return real(path)

    monkeypatch.setattr(idfile, "read", spy)
    return seen


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The entry ids looked up by scanning the folder (git could not answer)."""
    seen: list[str] = []
    real = lookup._scanned  # pyright: ignore[reportPrivateUsage]

    def spy(ws: object, base: str, entry_id: str) -> list[tuple[str, idfile.Parsed | None]]:
        seen.append(entry_id)
        return real(ws, base, entry_id)  # type: ignore[arg-type]

    monkeypatch.setattr(lookup, "_scanned", spy)
    return seen


def _holders(repo: Path, entry_id: str) -> dict[str, str]:
    found = lookup.holders(_open(repo).ws, entry_id)
    return {task: path.relative_to(repo / "tasks").as_posix() for task, (path, _) in found.items()}


def test_unchanged_files_are_read_once(repo: Path, reads: list[str], scans: list[str]) -> None:
    ledger = _open(repo)
    first = lookup.holders(ledger.ws, "a1b1cd")  # no cache yet: every task file is read
    assert sorted(reads) == [f"T-0000000{n}.yaml" for n in range(3)]
    path, parsed = first["T-00000001"]
    assert parsed is not None and parsed[1] == path.read_text()  # handed on, not reparsed
    reads.clear()
    assert lookup.holders(_open(repo).ws, "a1b1cd") == {"T-00000001": (path, None)}
    assert _holders(repo, "a0b0cd") == {"T-00000000": "T-00000000.yaml"}
    assert _holders(repo, "zzzzzz") == {}
    assert reads == []
    assert scans == []
    # a change committed (as every time command does): only that file is read again
    _write(repo, "T-00000002.yaml", "a2b2cd", "a1b1cd")
    git(repo, "commit", "-q", "-am", "second entry")
    assert _holders(repo, "a1b1cd") == {
        "T-00000001": "T-00000001.yaml",
        "T-00000002": "T-00000002.yaml",
    }
    assert reads == ["T-00000002.yaml"]


def test_many_lines_changed_at_once_are_matched_up_by_line(repo: Path, reads: list[str]) -> None:
    for n in range(40):
        _write(repo, f"T-1{n:07d}.yaml", f"b{n:03d}zz")
    git(repo, "add", "tasks")
    git(repo, "commit", "-q", "-m", "forty")
    assert _holders(repo, "b007zz") == {"T-10000007": "T-10000007.yaml"}
    for n in range(40):  # the same number of files, every one a new blob
        _write(repo, f"T-1{n:07d}.yaml", f"c{n:03d}zz")
    git(repo, "commit", "-q", "-am", "forty changed")
    reads.clear()
    assert _holders(repo, "c007zz") == {"T-10000007": "T-10000007.yaml"}
    assert _holders(repo, "b007zz") == {}
    assert _holders(repo, "c039zz") == {"T-10000039": "T-10000039.yaml"}
    assert sorted(reads) == [f"T-1{n:07d}.yaml" for n in range(40)]


def _edited(repo: Path) -> dict[str, str]:
    _write(repo, "T-00000002.yaml", "a0b0cd")  # not staged
    return {"T-00000000": "T-00000000.yaml", "T-00000002": "T-00000002.yaml"}


def _untracked(repo: Path) -> dict[str, str]:
    _write(repo, "2026/T-00000009.yaml", "a0b0cd")
    return {"T-00000000": "T-00000000.yaml", "T-00000009": "2026/T-00000009.yaml"}


def _untracked_tab(repo: Path) -> dict[str, str]:
    """A TAB in an untracked path: git lists it as "? PATH", with no TAB of its own."""
    _write(repo, "x\ty/T-00000009.yaml", "a0b0cd")
    return {"T-00000000": "T-00000000.yaml", "T-00000009": "x\ty/T-00000009.yaml"}


def _ignored(repo: Path) -> dict[str, str]:
    (repo / ".gitignore").write_text("tasks/T-00000009.yaml\n")
    _write(repo, "T-00000009.yaml", "a0b0cd")
    return {"T-00000000": "T-00000000.yaml", "T-00000009": "T-00000009.yaml"}


def _staged(repo: Path) -> dict[str, str]:
    _write(repo, "T-00000009.yaml", "a0b0cd")
    git(repo, "add", "tasks/T-00000009.yaml")
    return {"T-00000000": "T-00000000.yaml", "T-00000009": "T-00000009.yaml"}


def _deleted(repo: Path) -> dict[str, str]:
    (repo / "tasks" / "T-00000000.yaml").unlink()
    return {}


def _moved(repo: Path) -> dict[str, str]:
    (repo / "tasks" / "old").mkdir()
    (repo / "tasks" / "T-00000000.yaml").rename(repo / "tasks" / "old" / "T-00000000.yaml")
    return {"T-00000000": "old/T-00000000.yaml"}


def _git_moved(repo: Path) -> dict[str, str]:
    (repo / "tasks" / "old").mkdir()
    git(repo, "mv", "tasks/T-00000000.yaml", "tasks/old/T-00000000.yaml")
    return {"T-00000000": "old/T-00000000.yaml"}


def _checked_out(repo: Path) -> dict[str, str]:
    git(repo, "checkout", "-q", "HEAD~1", "--", "tasks/T-00000002.yaml")
    return {"T-00000000": "T-00000000.yaml", "T-00000002": "T-00000002.yaml"}


def _switched(repo: Path) -> dict[str, str]:
    git(repo, "checkout", "-q", "other")
    return {"T-00000000": "T-00000000.yaml", "T-00000002": "T-00000002.yaml"}


def _assumed(repo: Path) -> dict[str, str]:
    git(repo, "update-index", "--assume-unchanged", "tasks/T-00000002.yaml")
    return _edited(repo)


def _skipped(repo: Path) -> dict[str, str]:
    git(repo, "update-index", "--skip-worktree", "tasks/T-00000002.yaml")
    return _edited(repo)


def _same_stat(repo: Path) -> dict[str, str]:
    """Replaced by a file of the same size and mtime: only the inode and ctime tell, which
    this repository tells git to ignore (the listing insists on checking them)."""
    git(repo, "config", "core.checkStat", "minimal")
    git(repo, "config", "core.trustctime", "false")
    path = repo / "tasks" / "T-00000002.yaml"
    temp = path.with_name(".T-00000002.yaml.tmp")
    temp.write_text(path.read_text().replace("a2b2cd", "a0b0cd"))
    os.utime(temp, ns=(_OLD, _OLD))
    os.replace(temp, path)
    return {"T-00000000": "T-00000000.yaml", "T-00000002": "T-00000002.yaml"}


def _linked(repo: Path) -> dict[str, str]:
    (repo / "tasks" / "T-00000007.yaml").symlink_to("T-00000000.yaml")
    git(repo, "add", "tasks/T-00000007.yaml")
    git(repo, "commit", "-q", "-m", "a link")
    return {"T-00000000": "T-00000000.yaml", "T-00000007": "T-00000007.yaml"}


_OLD = 1_700_000_000_000_000_000


def _prepare(repo: Path, case: str) -> None:
    """What a case needs committed before the cache is warmed."""
    if case == "checkout":  # a revision where T-2 held a0b0cd, then one where it did not
        _write(repo, "T-00000002.yaml", "a0b0cd")
        git(repo, "commit", "-q", "-am", "held")
        _write(repo, "T-00000002.yaml", "a2b2cd")
        git(repo, "commit", "-q", "-am", "not held")
    if case == "switch":
        git(repo, "checkout", "-q", "-b", "other")
        _write(repo, "T-00000002.yaml", "a0b0cd")
        git(repo, "commit", "-q", "-am", "held on other")
        git(repo, "checkout", "-q", "main")
    if case == "same-stat":  # recorded in git's index long after its mtime: not racy
        path = repo / "tasks" / "T-00000002.yaml"
        os.utime(path, ns=(_OLD, _OLD))
        git(repo, "update-index", "--refresh")


CASES: dict[str, Callable[[Path], dict[str, str]]] = {
    "edited": _edited,
    "untracked": _untracked,
    "untracked-tab": _untracked_tab,
    "ignored": _ignored,
    "staged": _staged,
    "deleted": _deleted,
    "moved": _moved,
    "git-mv": _git_moved,
    "checkout": _checked_out,
    "switch": _switched,
    "assume-unchanged": _assumed,
    "skip-worktree": _skipped,
    "same-stat": _same_stat,
    "link": _linked,
}


@pytest.mark.parametrize("case", list(CASES))
def test_every_change_in_the_work_tree_is_seen(repo: Path, case: str, scans: list[str]) -> None:
    _prepare(repo, case)
    assert _holders(repo, "a0b0cd") == {"T-00000000": "T-00000000.yaml"}  # cache warmed
    expected = CASES[case](repo)
    assert _holders(repo, "a0b0cd") == expected
    assert _holders(repo, "a0b0cd") == expected  # and again, from the cache
    assert scans == []


def test_a_filtered_file_is_read_as_the_work_tree_has_it(repo: Path, reads: list[str]) -> None:
    """A clean filter makes the staged blob differ from the file git calls unchanged: its
    ids are never kept under the blob's line."""
    git(repo, "config", "filter.swap.clean", "sed s/a2b2cd/a0b0cd/")
    git(repo, "config", "filter.swap.smudge", "cat")
    (repo / ".gitattributes").write_text("tasks/T-00000002.yaml filter=swap\n")
    git(repo, "add", ".gitattributes", "tasks")
    git(repo, "commit", "-q", "-m", "filtered")
    assert (
        b"a0b0cd"
        in subprocess.run(
            ["git", "-C", str(repo), "show", "HEAD:tasks/T-00000002.yaml"],
            capture_output=True,
            check=True,
        ).stdout
    )
    assert _holders(repo, "a0b0cd") == {"T-00000000": "T-00000000.yaml"}
    assert _holders(repo, "a2b2cd") == {"T-00000002": "T-00000002.yaml"}
    cache_file = _open(repo).ws.paths.cache / gitids.CACHE_NAME
    later = cache_file.stat().st_mtime_ns + 5_000_000_000
    os.utime(cache_file, ns=(later, later))  # the file is older than the cache by far
    reads.clear()
    assert _holders(repo, "a2b2cd") == {"T-00000002": "T-00000002.yaml"}
    assert reads == ["T-00000002.yaml"]  # never kept under the blob's line: hashed again
    assert _holders(repo, "a0b0cd") == {"T-00000000": "T-00000000.yaml"}


def test_files_git_cannot_vouch_for_are_kept_by_stat_key(repo: Path, reads: list[str]) -> None:
    ledger = _open(repo)
    _write(repo, "T-00000009.yaml", "a0b0cd")
    assert set(lookup.holders(ledger.ws, "a0b0cd")) == {"T-00000000", "T-00000009"}
    cache_file = ledger.ws.paths.cache / gitids.CACHE_NAME
    reads.clear()
    lookup.holders(ledger.ws, "a0b0cd")
    assert reads == ["T-00000009.yaml"]  # changed within a second of the cache: read
    later = cache_file.stat().st_mtime_ns + 5_000_000_000
    os.utime(cache_file, ns=(later, later))
    reads.clear()
    assert set(lookup.holders(ledger.ws, "a0b0cd")) == {"T-00000000", "T-00000009"}
    assert reads == []
    _write(repo, "T-00000009.yaml", "a1b1cd")
    assert set(lookup.holders(ledger.ws, "a0b0cd")) == {"T-00000000"}
    assert reads == ["T-00000009.yaml"]


@pytest.mark.parametrize(
    "damage",
    [b"", b"garbage", b"version", b"count", b"loose", b"ids"],
)
def test_a_damaged_cache_is_rebuilt(repo: Path, damage: bytes) -> None:
    ledger = _open(repo)
    _write(repo, "T-00000009.yaml", "a0b0cd")
    lookup.holders(ledger.ws, "a0b0cd")
    cache_file = ledger.ws.paths.cache / gitids.CACHE_NAME
    version, count, lines, ids, loose = marshal.loads(cache_file.read_bytes())
    assert count == len(lines.split(b"\0")) == len(ids.split("\0")) and loose
    if damage == b"version":
        damage = marshal.dumps((version + 1, count, lines, ids, loose))
    elif damage == b"count":
        damage = marshal.dumps((version, count + 1, lines, ids, loose))
    elif damage == b"loose":
        damage = marshal.dumps((version, count, lines, ids, {"x": (1, 2, 3, "4", "")}))
    elif damage == b"ids":
        damage = marshal.dumps((version, count, lines, [ids], loose))
    cache_file.write_bytes(damage)
    assert set(lookup.holders(ledger.ws, "a0b0cd")) == {"T-00000000", "T-00000009"}
    assert marshal.loads(cache_file.read_bytes())[:2] == (version, count)


def test_what_cannot_be_read_or_kept_holds_nothing(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tasks = repo / "tasks"
    (tasks / "folder").mkdir()
    (tasks / "link.yaml").symlink_to("folder")  # a "task file" that cannot be read
    (tasks / "T-0000000a.yaml").write_text("[\ntime: a0b0cd]\n")  # a list
    (tasks / "T-0000000b.yaml").write_bytes(b"time: \xff a0b0cd\n")  # not UTF-8
    ledger = _open(repo)

    def refused(source: object, target: object) -> None:
        raise PermissionError(target)

    monkeypatch.setattr(gitidcache.os, "replace", refused)
    assert list(lookup.holders(ledger.ws, "a0b0cd")) == ["T-00000000"]
    assert not ledger.ws.paths.cache.joinpath(gitids.CACHE_NAME).exists()
    assert [p.name for p in ledger.ws.paths.cache.iterdir() if "ids.git" in p.name] == []


def test_one_task_id_in_two_folders_is_refused(repo: Path, scans: list[str]) -> None:
    copy = repo / "tasks" / "2026" / "T-00000001.yaml"
    copy.parent.mkdir()
    shutil.copy(repo / "tasks" / "T-00000001.yaml", copy)
    git(repo, "add", "tasks")
    git(repo, "commit", "-q", "-m", "copy")
    with pytest.raises(Conflict, match="several task files"):
        lookup.holders(_open(repo).ws, "a1b1cd")
    assert scans == []


def _nested(repo: Path) -> None:
    subprocess.run(["git", "init", "-q", str(repo / "tasks" / "nested")], check=True)
    _write(repo, "nested/T-00000009.yaml", "a0b0cd")


def _submodule(repo: Path) -> None:
    _write(repo, "sub/T-00000009.yaml", "a0b0cd")
    blob = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{blob},tasks/sub")


def _linked_folder(repo: Path) -> None:
    (repo / "tasks").rename(repo / "real-tasks")
    (repo / "tasks").symlink_to("real-tasks")
    _write(repo, "T-00000009.yaml", "a0b0cd")


@pytest.mark.parametrize("where", ["nested", "submodule", "linked-folder", "index-file", "no-git"])
def test_where_git_cannot_answer_the_folder_is_scanned(
    repo: Path, where: str, scans: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = _open(repo)
    if where == "nested":
        _nested(repo)
    elif where == "submodule":
        _submodule(repo)
    elif where == "linked-folder":
        _linked_folder(repo)
    else:
        _write(repo, "T-00000009.yaml", "a0b0cd")
        if where == "index-file":
            monkeypatch.setenv("GIT_INDEX_FILE", str(ledger.ws.paths.git_dir / "index"))
        else:
            monkeypatch.setenv("PATH", str(repo / "nowhere"))
    found = lookup.holders(ledger.ws, "a0b0cd")
    assert sorted(found) == ["T-00000000", "T-00000009"]
    assert scans == ["a0b0cd"]


def test_the_cli_asks_git_early_for_a_bare_id_only(
    repo: Path, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[Path] = []
    real = gitlisting.start_early

    def spy(start: Path) -> None:
        started.append(start)
        real(start)
        assert list(gitlisting._early) == [repo.resolve()]  # pyright: ignore[reportPrivateUsage]

    monkeypatch.setattr(gitlisting, "start_early", spy)
    taken: list[bool] = []
    listing = gitlisting.listing

    def taking(*args: object) -> bytes | None:
        taken.append(bool(gitlisting._early))  # pyright: ignore[reportPrivateUsage]
        return listing(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(gitids, "listing", taking)
    result = run("time", "edit", "a1b1cd", "--note", "early", "--start", "2026-11-11T08:30")
    assert result.code == 0, result.err
    assert result.out.strip() == "changed a1b1cd on T-00000001"
    assert started == [repo] and taken == [True]
    assert "start: 2026-11-11T08:30:00+01:00" in (repo / "tasks" / "T-00000001.yaml").read_text()
    result = run("time", "rm", "T-00000001/a1b1cd")
    assert result.code == 0, result.err
    assert started == [repo] and taken == [True]  # a task named: no listing at all
    # a command failing before its lookup leaves no listing behind for a later one
    result = run("time", "edit", "a0b0cd")
    assert result.code == 2 and "nothing to change" in result.err
    assert gitlisting._early == {}  # pyright: ignore[reportPrivateUsage]
    result = run("time", "rm", "a0b0cd")
    assert result.code == 0, result.err
    assert "a0b0cd" not in (repo / "tasks" / "T-00000000.yaml").read_text().split("events:")[0]


def test_starting_early_outside_a_ledger_does_nothing(tmp_path: Path) -> None:
    gitlisting.start_early(tmp_path)
    assert gitlisting._early == {}  # pyright: ignore[reportPrivateUsage]


def test_blob_ids_are_gits(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = (repo / "tasks" / "T-00000000.yaml").read_bytes()
    expected = git(repo, "hash-object", "tasks/T-00000000.yaml").strip()
    assert blob_id(content, 40) == expected
    monkeypatch.setitem(sys.modules, "_sha1", None)  # a Python without its own SHA-1
    assert blob_id(content, 40) == expected


def test_a_sha256_repository(
    tmp_path: Path, isolated_home: Path, run: Runner, reads: list[str]
) -> None:
    repo = tmp_path / "repo256"
    made = subprocess.run(
        ["git", "init", "-q", "-b", "main", "--object-format=sha256", str(repo)],
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:  # pragma: no cover - git before 2.29
        pytest.skip("git without SHA-256 repositories")
    git(repo, "config", "user.name", "Test")
    git(repo, "config", "user.email", "test@example.com")
    assert run("-C", str(repo), "init", "--timezone", "Europe/Berlin").code == 0
    _write(repo, "T-00000000.yaml", "a0b0cd")
    _write(repo, "T-00000001.yaml", "a1b1cd")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "tasks")
    content = (repo / "tasks" / "T-00000000.yaml").read_bytes()
    expected = git(repo, "hash-object", "tasks/T-00000000.yaml").strip()
    assert len(expected) == 64 and blob_id(content, 64) == expected
    assert _holders(repo, "a0b0cd") == {"T-00000000": "T-00000000.yaml"}
    reads.clear()
    assert _holders(repo, "a1b1cd") == {"T-00000001": "T-00000001.yaml"}
    assert reads == []  # the blobs were recognised: nothing read again
