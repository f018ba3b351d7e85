"""The scan and its id cache that name the tasks holding a bare entry id where git cannot
answer (``timetrack/lookup.py``); git's answer is tested in ``test_gitids.py``."""

from __future__ import annotations

import os
from array import array
from pathlib import Path

import pytest

from opsledger.ledger import Ledger
from opsledger.model.errors import Conflict
from opsledger.timetrack import lookup
from tests.cli.conftest import Runner, created_id, task_file
from tests.timetrack.billing_fixture import add_billing

ITEM = "  - {{id: {0}, start: 2026-11-{1:02d}T09:00:00+01:00, minutes: 10, who: bo}}\n"


def _age(*paths: Path) -> None:
    """Older than the id cache by more than the racy margin: trusted once recorded."""
    for path in paths:
        old = path.stat().st_mtime_ns - 5_000_000_000
        os.utime(path, ns=(old, old))


@pytest.fixture(autouse=True)
def scan_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """As where git cannot answer: the scan does the work."""
    monkeypatch.setattr(lookup, "held", lambda ws, entry_id: None)


@pytest.fixture
def ledger(ledger_dir: Path, run: Runner) -> Ledger:
    add_billing(ledger_dir)
    for n in range(3):
        path = task_file(ledger_dir, created_id(run("task", "new", f"Task {n}")))
        path.write_text(path.read_text() + "time:\n" + ITEM.format(f"a{n}b{n}cd", 10 + n))
        _age(path)
    return Ledger.open(ledger_dir, env={"OPSLEDGER_USER": "olivia"})


def _parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the lookup parses from now on."""
    seen: list[str] = []
    real = lookup._read  # pyright: ignore[reportPrivateUsage]

    def spy(path: str, relpath: str) -> tuple[str | None, lookup.Parsed | None]:
        seen.append(relpath)
        return real(path, relpath)

    monkeypatch.setattr(lookup, "_read", spy)
    return seen


def _holders(ledger: Ledger, entry_id: str) -> dict[str, Path]:
    return {task: path for task, (path, _) in lookup.holders(ledger.ws, entry_id).items()}


def _holder(ledger: Ledger, entry_id: str) -> Path:
    return (
        ledger.ws.paths.root
        / "tasks"
        / next(
            p.name for p in (ledger.ws.paths.root / "tasks").iterdir() if entry_id in p.read_text()
        )
    )


def test_unchanged_files_are_not_read_again(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = lookup.holders(ledger.ws, "a1b1cd")  # no cache yet: every file is parsed
    path = _holder(ledger, "a1b1cd")
    parsed_here = first[path.name[:-5]][1]  # handed on, not parsed a second time
    assert parsed_here is not None and parsed_here[1] == path.read_text()
    assert parsed_here[0]["time"][0]["id"] == "a1b1cd"
    parsed = _parsed(monkeypatch)
    assert lookup.holders(ledger.ws, "a1b1cd") == {path.name[:-5]: (path, None)}
    assert _holders(ledger, "a2b2cd").keys() != {path.name[:-5]}
    assert _holders(ledger, "zzzzzz") == {}
    assert parsed == []


def test_a_file_changed_by_hand_is_read_again_and_only_it(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    lookup.holders(ledger.ws, "a0b0cd")
    one, two = _holder(ledger, "a0b0cd"), _holder(ledger, "a1b1cd")
    parsed = _parsed(monkeypatch)
    # the same size, mtime and inode: only the ctime tells, as for git's index
    stat = two.stat()
    with two.open("r+") as handle:
        handle.write(two.read_text().replace("a1b1cd", "a0b0cd"))
    os.utime(two, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert two.stat().st_size == stat.st_size
    assert _holders(ledger, "a0b0cd") == {
        p.name[:-5]: p for p in sorted([one, two], key=lambda p: p.name)
    }
    assert parsed == [f"tasks/{two.name}"]
    with pytest.raises(Conflict, match="in several tasks"):
        ledger.time.rm("a0b0cd")


def test_a_file_written_just_before_the_cache_is_read_again(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    lookup.holders(ledger.ws, "a0b0cd")
    path = _holder(ledger, "a0b0cd")
    cache_file = ledger.ws.paths.cache / lookup.CACHE_NAME
    stamp = cache_file.stat().st_mtime_ns
    os.utime(path, ns=(stamp - 100_000_000, stamp - 100_000_000))  # within the racy second
    cached = cache_file.read_bytes()
    parsed = _parsed(monkeypatch)
    lookup.holders(ledger.ws, "a0b0cd")
    assert parsed == [f"tasks/{path.name}"]  # its key changed: read
    cache_file.write_bytes(cached)
    os.utime(cache_file, ns=(stamp, stamp))
    parsed.clear()
    lookup.holders(ledger.ws, "a0b0cd")
    assert parsed == [f"tasks/{path.name}"]  # and still racy: read again


def test_new_deleted_hidden_and_nested_files(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    tasks = ledger.ws.paths.root / "tasks"
    lookup.holders(ledger.ws, "a0b0cd")
    _holder(ledger, "a0b0cd").unlink()
    kept = _holder(ledger, "a1b1cd").name[:-5]
    (tasks / "2026" / "11").mkdir(parents=True)
    deep = tasks / "2026" / "11" / "T-deadbeef.yaml"
    deep.write_text("id: T-deadbeef\ntitle: Deep\ntime:\n" + ITEM.format("a1b1cd", 20))
    (tasks / ".T-cccccccc.yaml").write_text("time:\n" + ITEM.format("a1b1cd", 21))
    (tasks / "T-aaaaaaaa.yaml").write_text("time: [unclosed a1b1cd\n")  # not YAML
    (tasks / "T-bbbbbbbb.yaml").write_bytes(b"time: \xff a1b1cd\n")  # not UTF-8
    (tasks / "T-cccccccc.yaml").write_text('{"time": [{"id": "a1b1cd"}]}\n')  # flow style
    parsed = _parsed(monkeypatch)
    found = _holders(ledger, "a1b1cd")
    assert sorted(parsed) == [
        "tasks/2026/11/T-deadbeef.yaml",
        "tasks/T-aaaaaaaa.yaml",
        "tasks/T-bbbbbbbb.yaml",
        "tasks/T-cccccccc.yaml",
    ]
    assert list(found) == sorted([kept, "T-cccccccc", "T-deadbeef"])  # by task id
    assert found["T-deadbeef"] == deep
    assert _holders(ledger, "a0b0cd") == {}
    parsed.clear()
    _age(*(p for p in tasks.rglob("*.yaml")))
    lookup.holders(ledger.ws, "a1b1cd")  # the aged keys are recorded once more
    parsed.clear()
    assert len(lookup.holders(ledger.ws, "a1b1cd")) == 3
    assert parsed == []  # the unparsable files are recorded too: their keys tell


@pytest.mark.parametrize(
    "damage",
    [b"", b"garbage", b"\xe3\x01\x00\x00\x00", None],
    ids=["empty", "text", "short", "shape"],
)
def test_a_damaged_cache_is_rebuilt(ledger: Ledger, damage: bytes | None) -> None:
    import marshal

    lookup.holders(ledger.ws, "a0b0cd")
    cache_file = ledger.ws.paths.cache / lookup.CACHE_NAME
    if damage is None:  # right version, wrong shape
        version, files, _keys, ids = marshal.loads(cache_file.read_bytes())
        damage = marshal.dumps((version, files, b"x", ids))
    cache_file.write_bytes(damage)
    path = _holder(ledger, "a0b0cd")
    assert _holders(ledger, "a0b0cd") == {path.name[:-5]: path}
    assert marshal.loads(cache_file.read_bytes())[0] == 1  # rewritten


def test_the_scan_lists_what_the_ledger_lists(ledger: Ledger) -> None:
    tasks = ledger.ws.paths.root / "tasks"
    (tasks / "2026" / "11").mkdir(parents=True)
    (tasks / "2026" / "11" / "T-deadbeef.yaml").write_text("id: T-deadbeef\n")
    (tasks / ".hidden").mkdir()
    (tasks / ".hidden" / "T-cafecafe.yaml").write_text("id: T-cafecafe\n")
    (tasks / ".T-cccccccc.yaml").write_text("id: x\n")
    (tasks / "README.md").write_text("not a task\n")
    (tasks / "odd.yaml").mkdir()  # a folder with a task's suffix
    (tasks / "odd.yaml" / "T-0dd0dd00.yaml").write_text("id: T-0dd0dd00\n")
    (tasks / "link.yaml").symlink_to(tasks / "2026")  # a link to a folder: a "file"
    (tasks / "T-11111111.yaml").symlink_to(tasks / "2026" / "11" / "T-deadbeef.yaml")
    (tasks / "linked").symlink_to(tasks / "2026")  # not followed
    files, keys = lookup.scan(str(tasks))
    listed = [rel.removeprefix("tasks/") for rel, _ in ledger.ws.paths.record_relpaths("task")]
    assert sorted(files) == sorted(listed)
    assert {"2026/11/T-deadbeef.yaml", ".hidden/T-cafecafe.yaml", "odd.yaml/T-0dd0dd00.yaml",
            "link.yaml", "T-11111111.yaml"} <= set(files)  # fmt: skip
    assert len(keys) == 4 * len(files)
    at = files.index("T-11111111.yaml")  # a link counts as its target, as os.stat says
    target = (tasks / "2026" / "11" / "T-deadbeef.yaml").stat()
    assert list(keys[4 * at : 4 * at + 4]) == [
        target.st_mtime_ns, target.st_size, target.st_ino, target.st_ctime_ns
    ]  # fmt: skip
    assert lookup.scan(str(tasks / "missing")) == ([], array("q"))


def test_one_task_id_in_two_folders_is_refused(ledger: Ledger) -> None:
    """Two files of the same task id (a validator error) both holding the entry: neither
    is picked silently."""
    original = _holder(ledger, "a1b1cd")
    copy = original.parent / "2026" / original.name
    copy.parent.mkdir()
    copy.write_text(original.read_text())
    with pytest.raises(Conflict, match="several task files"):
        lookup.holders(ledger.ws, "a1b1cd")


def test_a_file_that_cannot_be_read_is_read_again_and_a_cache_not_written_is_no_error(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    tasks = ledger.ws.paths.root / "tasks"
    (tasks / "folder").mkdir()
    (tasks / "link.yaml").symlink_to("folder")  # listed as a task file, cannot be read
    lookup.holders(ledger.ws, "a0b0cd")
    parsed = _parsed(monkeypatch)
    lookup.holders(ledger.ws, "a0b0cd")
    assert "tasks/link.yaml" in parsed  # not recorded: read again
    cache_file = ledger.ws.paths.cache / lookup.CACHE_NAME
    cache_file.unlink()

    def refused(source: object, target: object) -> None:
        raise PermissionError(target)

    monkeypatch.setattr(lookup.os, "replace", refused)
    assert len(_holders(ledger, "a0b0cd")) == 1
    assert not cache_file.exists()
    assert not [p for p in cache_file.parent.iterdir() if p.name.endswith(".tmp")]
