"""The index follows the work tree: hand edits, deletions, branch switches, damage."""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from opsledger.index import sync
from opsledger.index.sync import RACY_NS
from opsledger.store.git import blob_id
from tests.helpers import git
from tests.index.conftest import open_ledger

Small = tuple[Path, list[dict[str, Any]]]


@pytest.fixture(autouse=True, params=["scan", "git"])
def freshness(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test twice: with the index scanning the work tree itself, and with git telling
    it which files to look at (what a ledger past PROBE_MIN files does)."""
    if request.param == "git":
        monkeypatch.setattr("opsledger.index.service.PROBE_MIN", 0)
    return str(request.param)


def _ids(root: Path, query: str = "", **options: Any) -> list[str]:
    return [r["id"] for r in open_ledger(root).query(query, sort="id", **options)]


def _file(root: Path, task_id: str) -> Path:
    return next(root.glob(f"tasks/**/{task_id}.yaml"))


def _age(path: Path) -> None:
    """Back-date a file beyond the racy window, as if written a while ago."""
    old = path.stat().st_mtime_ns - 2 * RACY_NS
    os.utime(path, ns=(old, old))


def test_blob_id_is_what_git_computes(tmp_path: Path) -> None:
    sample = tmp_path / "x.yaml"
    sample.write_bytes(b"id: T-00000000\ntitle: caf\xc3\xa9\n")
    assert blob_id(sample.read_bytes()) == git(tmp_path, "hash-object", str(sample)).strip()


def test_a_hand_edit_is_seen_by_the_next_query(small: Small) -> None:
    root, tasks = small
    target = tasks[0]["id"]
    assert target not in _ids(root, "title:handedited")
    path = _file(root, target)
    data = json.loads(path.read_text())
    data["title"] = "handedited thing"
    path.write_text(json.dumps(data))
    assert _ids(root, "title:handedited") == [target]
    assert _ids(root, "handedited") == [target]  # the full-text rows moved along
    assert target not in _ids(root, f"title:{json.dumps(tasks[0]['title'])}")


def test_same_size_edit_within_the_racy_window_is_seen(small: Small) -> None:
    root, tasks = small
    target = tasks[1]["id"]
    path = _file(root, target)
    ledger = open_ledger(root)
    ledger.query("")
    text = path.read_text()
    data = json.loads(text)
    data["client"] = "zzzzz"
    first = json.dumps(data)
    path.write_text(first)
    stat = path.stat()
    assert _ids(root, "client:zzzzz") == [target]
    data["client"] = "yyyyy"
    path.write_text(json.dumps(data))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime
    assert _ids(root, "client:yyyyy") == [target]


def test_deleted_and_new_files(small: Small) -> None:
    root, tasks = small
    gone = tasks[2]["id"]
    _file(root, gone).unlink()
    new = dict(tasks[3], id="T-zzzzzzzz", title="brand new")
    (root / "tasks" / "T-zzzzzzzz.yaml").write_text(json.dumps(new))
    ids = _ids(root)
    assert gone not in ids and "T-zzzzzzzz" in ids
    assert open_ledger(root).index.refresh().parsed == 0  # nothing left to do


def test_touched_file_is_only_rehashed(small: Small) -> None:
    root, tasks = small
    for path in [root / "inventory.yaml", *root.glob("tasks/**/*.yaml")]:
        _age(path)
    ledger = open_ledger(root)
    ledger.index.refresh()
    assert ledger.index.refresh().touched == 0  # aged files are not racy: trusted by stat
    path = _file(root, tasks[4]["id"])
    _age(path)
    result = ledger.index.refresh()
    assert (result.touched, result.parsed) == (1, 0)


def test_checkout_of_another_branch(small: Small) -> None:
    root, tasks = small
    assert "T-bbbbbbbb" not in _ids(root)
    git(root, "checkout", "-q", "-b", "other")
    git(root, "rm", "-q", str(_file(root, tasks[5]["id"])))
    (root / "tasks" / "T-bbbbbbbb.yaml").write_text(json.dumps(dict(tasks[6], id="T-bbbbbbbb")))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "other branch")
    on_other = _ids(root)
    assert "T-bbbbbbbb" in on_other and tasks[5]["id"] not in on_other
    git(root, "checkout", "-q", "main")
    on_main = _ids(root)
    assert "T-bbbbbbbb" not in on_main and tasks[5]["id"] in on_main


def test_a_corrupt_index_is_rebuilt(small: Small) -> None:
    root, tasks = small
    ledger = open_ledger(root)
    everything = _ids(root)
    path = ledger.index.path
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    path.write_bytes(b"this is not a database" * 100)
    assert _ids(root) == everything == sorted(t["id"] for t in tasks)


def test_another_schema_version_is_rebuilt(small: Small) -> None:
    root, _ = small
    ledger = open_ledger(root)
    count = len(ledger.query(""))
    conn = sqlite3.connect(ledger.index.path)
    conn.execute("UPDATE meta SET value = 'old' WHERE key = 'schema'")
    conn.execute("DELETE FROM records")
    conn.commit()
    conn.close()
    fresh = open_ledger(root)
    assert len(fresh.query("")) == count
    assert fresh.index.last_refresh is not None and fresh.index.last_refresh.parsed > 1


def test_an_index_of_another_release_is_rebuilt(
    small: Small, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = small
    count = len(open_ledger(root).query(""))
    monkeypatch.setattr("opsledger.index.db.__version__", "0.0.1-older")
    upgraded = open_ledger(root)
    assert len(upgraded.query("")) == count
    assert upgraded.index.last_refresh is not None and upgraded.index.last_refresh.parsed > 1
    conn = sqlite3.connect(upgraded.index.path)
    assert conn.execute("SELECT value FROM meta WHERE key = 'opsledger'").fetchone() == (
        "0.0.1-older",
    )
    conn.close()


def test_a_broken_file_is_reported_not_fatal(small: Small) -> None:
    root, tasks = small
    (root / "tasks" / "T-brokenxx.yaml").write_text("id: [unclosed\n")
    ledger = open_ledger(root)
    assert len(ledger.query("")) == len(tasks)
    [(path, error)] = ledger.index.problems()
    assert path == "tasks/T-brokenxx.yaml" and "tasks/T-brokenxx.yaml:" in error


def test_no_plaintext_of_secrets_reaches_the_index(small: Small) -> None:
    root, tasks = small
    secret = "ENC[age,v1,r=1a2b3c4d,c2VjcmV0IHBheWxvYWQ=]"
    data = dict(
        tasks[0],
        secrets={"db": secret},
        description=secret,
        labels={"token": secret},
        events=[
            {
                "id": "e1",
                "at": "2026-11-02T10:00:00+01:00",
                "by": "x",
                "kind": "comment",
                "text": "visible words",
            }
        ],
    )
    _file(root, tasks[0]["id"]).write_text(json.dumps(data))
    ledger = open_ledger(root)
    assert _ids(root, "visible") == [tasks[0]["id"]]
    assert _ids(root, "c2VjcmV0IHBheWxvYWQ") == []  # ciphertexts are not words
    dump = "\n".join(ledger.index.conn.iterdump())
    assert "secret payload" not in dump  # nothing is ever decrypted


def _refresh_in_child(root: str, queue: Any) -> None:
    queue.put(len(open_ledger(Path(root)).query("")))


def test_concurrent_first_use_from_two_processes(small: Small) -> None:
    root, tasks = small
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    children = [
        context.Process(target=_refresh_in_child, args=(str(root), queue)) for _ in range(3)
    ]
    for child in children:
        child.start()
    for child in children:
        child.join(60)
    assert [queue.get(timeout=5) for _ in children] == [len(tasks)] * 3
    assert all(c.exitcode == 0 for c in children)


def test_rebuild_from_scratch_in_parallel(small: Small, monkeypatch: pytest.MonkeyPatch) -> None:
    root, tasks = small
    from opsledger.index import sync

    monkeypatch.setattr(sync, "PARALLEL_MIN", 2)
    ledger = open_ledger(root)
    done = ledger.index.rebuild()
    assert done.parsed == len(tasks) + 1  # and inventory.yaml
    assert sorted(r["id"] for r in ledger.query("")) == sorted(t["id"] for t in tasks)


def test_a_damaged_or_stale_snapshot_only_costs_time(small: Small) -> None:
    root, tasks = small
    ledger = open_ledger(root)
    everything = _ids(root)
    ledger.index.snapshot_path.write_bytes(b"garbage")
    assert _ids(root) == everything
    ledger.index.snapshot_path.unlink()
    path = _file(root, tasks[0]["id"])
    path.write_text(json.dumps(dict(tasks[0], title="after the snapshot went away")))
    assert _ids(root, "snapshot") == [tasks[0]["id"]]


def _contents(ledger: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Everything the index holds, keyed by record id and path instead of rowid."""
    conn = ledger.index.conn
    rid = "(SELECT id || ' ' || path FROM records WHERE rowid = {})"
    queries = {
        "files": "SELECT path, blob, error FROM files",
        "records": "SELECT * FROM records",
        "fts": f"SELECT {rid.format('f.rowid')}, title, body FROM records_fts f",
        "data": f"SELECT {rid.format('d.rec')}, d.data FROM record_data d",
        "commands": f"SELECT {rid.format('c.rowid >> 20')}, c.rowid & 1048575, c.*"
        " FROM commands_fts c",
        **{
            table: f"SELECT {rid.format('t.rec')}, t.* FROM {table} t"
            for table in ("tags", "labels", "comps", "links")
        },
    }
    out: dict[str, list[tuple[Any, ...]]] = {}
    for name, sql in queries.items():
        cursor = conn.execute(sql)
        names = [d[0] for d in cursor.description]
        keep = [i for i, n in enumerate(names) if n not in ("rowid", "rec")]
        out[name] = sorted(tuple(row[i] for i in keep) for row in cursor)
    return out


def test_parallel_and_serial_builds_hold_the_same_rows(
    small: Small, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = small
    (root / "tasks" / "T-brokenxx.yaml").write_text("id: [unclosed\n")
    (root / "runbooks").mkdir()
    (root / "runbooks" / "restart.md").write_text("# Restart it\n\nsystemctl restart x\n")
    serial = open_ledger(root)
    serial.index.rebuild()
    expected = _contents(serial)
    assert len(expected["records"]) > 12 and expected["commands"]
    monkeypatch.setattr(sync, "PARALLEL_MIN", 2)
    monkeypatch.setattr(sync, "_CHUNK", 3)  # many jobs, finishing in any order
    parallel = open_ledger(root)
    parallel.index.rebuild()
    assert _contents(parallel) == expected
    # The records' rowids are unique and the commands sit in their record's range.
    conn = parallel.index.conn
    orphans = conn.execute(
        "SELECT count(*) FROM commands_fts WHERE rowid >> 20 NOT IN (SELECT rowid FROM records)"
    ).fetchone()
    assert orphans == (0,)


def test_a_rebuild_replaces_the_file_and_leaves_nothing_behind(small: Small) -> None:
    root, tasks = small
    for file in [root / "inventory.yaml", *root.glob("tasks/**/*.yaml")]:
        _age(file)
    reader = open_ledger(root)
    before = len(reader.query(""))
    old_inode = reader.index.path.stat().st_ino
    writer = open_ledger(root)
    writer.index.rebuild()
    path = writer.index.path
    assert path.stat().st_ino != old_inode  # a new file took the name
    leftovers = [p.name for p in path.parent.iterdir() if ".build" in p.name]
    assert leftovers == []
    assert len(reader.query("")) == before  # an open reader keeps its file
    mode = writer.index.conn.execute("PRAGMA journal_mode").fetchone()
    assert mode == ("wal",)
    # The snapshot written by the build is current: the next query does no work.
    assert open_ledger(root).index.refresh() == sync.Refreshed()
    _file(root, tasks[0]["id"]).write_text(json.dumps(dict(tasks[0], title="after rebuild")))
    assert _ids(root, "title:after") == [tasks[0]["id"]]


def test_an_exit_status_beyond_sqlite_integers_is_kept_out(small: Small) -> None:
    root, _ = small
    (root / "tasks" / "T-zzzzzzz0.yaml").write_text(
        "id: T-zzzzzzz0\ntitle: Overflowing probe\nstatus: open\n"
        "created: 2026-11-20T10:00:00+01:00\n"
        "commands:\n- {id: aaaaaa, at: '2026-11-20T10:00:00+01:00', cmd: df -h,"
        " exit: 9223372036854775808}\n",
        encoding="utf-8",
    )
    found = open_ledger(root).query("Overflowing", kind="task")
    assert [r["id"] for r in found] == ["T-zzzzzzz0"]


def _die(job: object) -> None:
    os._exit(9)  # as the OOM killer would end a worker


def test_a_worker_that_dies_fails_the_build_instead_of_hanging(
    small: Small, monkeypatch: pytest.MonkeyPatch
) -> None:
    from opsledger.index import worker
    from opsledger.model.errors import OpsledgerError

    root, _ = small
    monkeypatch.setattr(sync, "PARALLEL_MIN", 2)
    monkeypatch.setattr(sync, "_CHUNK", 3)
    monkeypatch.setattr(worker, "pack_many", _die)
    ledger = open_ledger(root)
    with pytest.raises(OpsledgerError, match="a worker parsing the ledger died"):
        ledger.index.rebuild()
    cache = ledger.index.path.parent
    assert not list(cache.glob("*.build"))


def test_a_dead_processs_temporary_build_is_cleared(small: Small) -> None:
    root, _ = small
    ledger = open_ledger(root)
    orphan = ledger.index.path.with_name(ledger.index.path.name + ".999999999.build")
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"half a database")
    ledger.index.rebuild()
    assert not orphan.exists()


def test_the_stored_data_is_the_files_data(small: Small) -> None:
    """``show`` and json output read a task's data from the index: it is what the file holds,
    also right after a hand edit; other kinds are read from their files (None here)."""
    from opsledger.store.fastload import load_fast

    root, tasks = small
    path = _file(root, tasks[0]["id"])
    path.write_text(json.dumps(dict(tasks[0], title="edited for the stored data")))
    index = open_ledger(root).index
    rows = index.query("", limit=None, kind="task").rows
    rows += index.query("", limit=None, kind="component").rows
    stored = index.stored_data(rows)
    for row, data in zip(rows, stored, strict=True):
        if row["path"] == "inventory.yaml":
            assert data is None
        else:
            assert data == load_fast((root / row["path"]).read_text(), row["path"])
    assert any(d and d.get("title") == "edited for the stored data" for d in stored)
