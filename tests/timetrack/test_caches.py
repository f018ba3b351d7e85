"""The entry cache, the settled-pieces memo and the billing cache (the id cache: test_lookup)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from opsledger.ledger import Ledger
from opsledger.model.errors import NotFound, ValidationFailed
from opsledger.timetrack import cache, memo, policy
from opsledger.timetrack.report import report_of
from opsledger.timetrack.settling import settled
from tests.cli.conftest import Runner, created_id, task_file
from tests.timetrack.billing_fixture import add_billing

ITEM = "  - {{id: {0}, start: 2026-11-{1:02d}T09:00:00+01:00, minutes: {2}, who: bo}}\n"


def _age(path: Path) -> None:
    """Older than the cache by more than the racy margin: trusted from then on."""
    old = path.stat().st_mtime_ns - 5_000_000_000
    os.utime(path, ns=(old, old))


@pytest.fixture
def three(ledger_dir: Path, run: Runner) -> tuple[Ledger, list[Path]]:
    add_billing(ledger_dir)
    tasks = [created_id(run("task", "new", f"Task {n}", "--client", "globex")) for n in range(3)]
    paths = sorted(task_file(ledger_dir, task) for task in tasks)  # the cache's order
    for n, path in enumerate(paths):
        items = "".join(ITEM.format(f"a{n}b{k}cd", 10 + k, 10 * (n + 1)) for k in range(2))
        path.write_text(path.read_text() + "time:\n" + items)
        _age(path)
    return Ledger.open(ledger_dir), paths


def test_a_changed_file_replaces_only_its_own_rows(
    three: tuple[Ledger, list[Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, paths = three
    first, _ = cache.load_table(ledger.ws)
    assert len(first) == 6 and first.origin is not None
    parsed: list[str] = []
    real = cache.parse_file
    monkeypatch.setattr(cache, "parse_file", lambda p, r: parsed.append(r) or real(p, r))
    again, titles = cache.load_table(ledger.ws)
    assert parsed == [] and again.id == first.id and len(titles) == 3
    middle = paths[1]
    middle.write_text(middle.read_text().replace("minutes: 20", "minutes: 25", 1))
    changed, _ = cache.load_table(ledger.ws)
    assert parsed == [ledger.ws.paths.rel(middle)]
    assert sorted(zip(changed.task, changed.id, strict=True)) == sorted(
        zip(first.task, first.id, strict=True)
    )
    lengths = {i: e - s for i, s, e in zip(changed.id, changed.start, changed.end, strict=True)}
    assert lengths == {
        "a0b0cd": 600, "a0b1cd": 600, "a1b0cd": 1500, "a1b1cd": 1200, "a2b0cd": 1800,
        "a2b1cd": 1800,
    }  # fmt: skip
    paths[0].unlink()
    assert sorted(cache.load_table(ledger.ws)[0].id) == ["a1b0cd", "a1b1cd", "a2b0cd", "a2b1cd"]


def test_a_changed_file_rewrites_only_its_shard_of_the_cache(
    three: tuple[Ledger, list[Path]],
) -> None:
    ledger, paths = three
    cache.load_table(ledger.ws)
    shards = {p: p.stat().st_mtime_ns for p in shard_files(ledger)}
    mine = ledger.ws.paths.cache / cache.CACHE_NAME.format(
        cache.shard_of(ledger.ws.paths.rel(paths[1]))
    )
    relpaths = [ledger.ws.paths.rel(p) for p in paths]
    assert len(shards) == len({cache.shard_of(r) for r in relpaths}) and mine in shards
    paths[1].write_text(paths[1].read_text().replace("minutes: 20", "minutes: 25", 1))
    _age(paths[1])
    table = cache.load_table(ledger.ws)[0]
    assert sorted(e - s for s, e in zip(table.start, table.end, strict=True)) == [
        600, 600, 1200, 1500, 1800, 1800,
    ]  # fmt: skip
    rewritten = {p for p in shards if p.stat().st_mtime_ns != shards[p]}
    assert rewritten == {mine}


def shard_files(ledger: Ledger) -> list[Path]:
    return sorted(ledger.ws.paths.cache.glob(cache.CACHE_NAME.format("*")))


def test_an_unreadable_cache_is_rebuilt(three: tuple[Ledger, list[Path]]) -> None:
    ledger, _ = three
    cache.load_table(ledger.ws)
    for file in shard_files(ledger):
        file.write_bytes(b"\x00garbage")
    assert len(cache.load_table(ledger.ws)[0]) == 6
    assert len(cache.load_table(ledger.ws, use_cache=False)[0]) == 6


def test_settled_pieces_are_reused_until_the_entries_change(
    three: tuple[Ledger, list[Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, paths = three
    zone = ledger.ws.zone
    table = cache.load_table(ledger.ws)[0]
    fresh = settled(table, range(len(table)), zone, None, None, "split")
    assert list(memo.settled_whole(ledger.ws, table, zone, "split")) == fresh
    calls: list[str] = []
    real = memo.settled
    monkeypatch.setattr(memo, "settled", lambda *a: calls.append(a[-1]) or real(*a))  # type: ignore[misc]
    table = cache.load_table(ledger.ws)[0]
    assert list(memo.settled_whole(ledger.ws, table, zone, "split")) == fresh
    assert calls == []
    memo.settled_whole(ledger.ws, table, zone, "first")  # another policy: computed
    assert calls == ["first"]
    paths[2].write_text(paths[2].read_text().replace("minutes: 30", "minutes: 40"))
    table = cache.load_table(ledger.ws)[0]
    pieces = list(memo.settled_whole(ledger.ws, table, zone, "split"))
    assert calls == ["first", "split"] and pieces != fresh
    report = report_of(table, pieces, ledger.time.billing, ["client"])
    # bo's entries overlap on both days: 40 minutes a day once the third file says 40
    assert report.total.seconds == 2 * 40 * 60


def test_the_billing_policy_is_validated_once_per_text(
    ledger_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = Ledger.open(ledger_dir).ws
    assert policy.load_billing(ws).currency == "EUR"  # no billing.yaml: the defaults
    add_billing(ledger_dir)
    first = policy.load_billing(ws)
    acme = first.clients["acme"]
    assert (acme.rounding.increment, acme.rounding.per, acme.rates["olivia"]) == (
        "15m",
        "entry",
        140,
    )
    assert first.clients["globex"].projects["GX-ONBOARD"].billable is False
    assert first.locks[0].until == "2026-10-31T23:59:59+01:00"

    def refuse(*_: object) -> object:
        raise AssertionError("validated again")

    monkeypatch.setattr(policy, "_validated", refuse)
    assert policy.load_billing(ws) == first
    monkeypatch.undo()
    path = ledger_dir / "policies" / "billing.yaml"
    path.write_text(path.read_text() + "  - {client: globex, until: nonsense}\n")
    with pytest.raises(ValidationFailed) as failed:
        policy.load_billing(ws)
    assert failed.value.location is not None
    assert failed.value.location.line == len(path.read_text().splitlines())


def test_an_entry_is_found_by_its_id_alone(ledger_dir: Path, run: Runner) -> None:
    add_billing(ledger_dir)
    one = created_id(run("task", "new", "One", "--client", "globex"))
    two = created_id(run("task", "new", "Two", "--client", "globex"))
    ledger = Ledger.open(ledger_dir, env={"OPSLEDGER_USER": "olivia"})
    _, entry = ledger.time.add(one, "30m", project="GX-RUN")
    assert ledger.time.edit(entry["id"], note="found")[0] == one
    cache.load_table(ledger.ws)
    # moved by hand to another task: both files changed, both are read again
    path_one, path_two = task_file(ledger_dir, one), task_file(ledger_dir, two)
    block = path_one.read_text().split("time:\n")[1].split("events:")[0]
    path_one.write_text(path_one.read_text().replace(block, "  []\n"))
    path_two.write_text(path_two.read_text() + "time:\n" + block)
    assert ledger.time.rm(entry["id"])[0] == two
    # a malformed entry (no start) is not in the cache but can still be found and fixed
    three = task_file(ledger_dir, created_id(run("task", "new", "Three")))
    three.write_text(three.read_text() + "time:\n  - {id: zzzzzz, minutes: 5, who: bo}\n")
    fixed = ledger.time.edit("zzzzzz", start="2026-11-19T09:00:00+01:00")[1]
    assert fixed == {"id": "zzzzzz", "start": "2026-11-19T09:00:00+01:00", "minutes": 5,
                     "who": "bo"}  # fmt: skip


def test_odd_files_subfolders_and_deleted_tasks(ledger_dir: Path, run: Runner) -> None:
    add_billing(ledger_dir)
    tasks = ledger_dir / "tasks"
    (tasks / "2026").mkdir()
    deep = tasks / "2026" / "T-deadbeef.yaml"
    deep.write_text(
        "id: T-deadbeef\ntitle: Deep\ncreated: 2026-11-01T09:00:00+01:00\nclient: globex\n"
        "time:\n" + ITEM.format("d1d1d1", 12, 15)
    )
    (tasks / "T-aaaaaaaa.yaml").write_text("time: [unclosed\n")  # not YAML
    (tasks / "T-bbbbbbbb.yaml").write_text("- time: 1\n")  # not a mapping
    (tasks / ".T-cccccccc.yaml").write_text("time: []\n")  # hidden: not a task
    ledger = Ledger.open(ledger_dir, env={"OPSLEDGER_USER": "olivia"})
    table, titles = cache.load_table(ledger.ws)
    assert table.id == ["d1d1d1"] and titles == {"T-deadbeef": "Deep"}
    # a whole id outside tasks/ itself is still found (by listing every file)
    assert ledger.time.edit("T-deadbeef/d1d1d1", note="deep")[0] == "T-deadbeef"
    # the cache still names a task that was deleted since: the files are searched
    deep.unlink()
    with pytest.raises(NotFound, match="no time entry d1d1d1"):
        ledger.time.rm("d1d1d1")


def test_only_the_people_whose_entries_changed_are_settled_again(
    three: tuple[Ledger, list[Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, paths = three
    ws, zone = ledger.ws, ledger.ws.zone
    # the middle file's entries become ana's: bo keeps the first and the last file
    paths[1].write_text(paths[1].read_text().replace("who: bo", "who: ana"))
    _age(paths[1])
    table = cache.load_table(ws)[0]
    memo.settled_whole(ws, table, zone, "split")
    selected: list[list[str]] = []
    real = memo.settled

    def spy(t: Any, rows: Any, *rest: Any) -> Any:
        rows = list(rows)
        selected.append(sorted({t.who[i] for i in rows}))
        return real(t, rows, *rest)

    monkeypatch.setattr(memo, "settled", spy)
    paths[2].write_text(paths[2].read_text().replace("minutes: 30", "minutes: 45"))
    table = cache.load_table(ws)[0]
    pieces = list(memo.settled_whole(ws, table, zone, "split"))
    assert selected == [["bo"]]
    assert sorted(pieces) == sorted(settled(table, range(len(table)), zone, None, None, "split"))
    # the first file goes: ana's rows move up the table, and her pieces are reused
    paths[0].unlink()
    table = cache.load_table(ws)[0]
    pieces = list(memo.settled_whole(ws, table, zone, "split"))
    assert selected == [["bo"], ["bo"]]
    assert sorted(pieces) == sorted(settled(table, range(len(table)), zone, None, None, "split"))
    assert {table.who[i] for i, _, _ in pieces} == {"ana", "bo"}
