"""A damaged or tampered cache is no cache; unreadable files and ctime changes are reread."""

from __future__ import annotations

import marshal
import os
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from opsledger.ledger import Ledger
from opsledger.timetrack import cache, memo
from opsledger.timetrack.settling import settled
from tests.timetrack.test_caches import shard_files, three

__all__ = ["three"]

Tamper = Callable[[dict[str, Any]], None]


def _set(key: str, value: Any) -> Tamper:
    return lambda data: data.__setitem__(key, value)


def _col(name: str, value: Any) -> Tamper:
    from opsledger.timetrack.table import FIELDS

    return lambda data: data["cols"][FIELDS.index(name)].__setitem__(0, value)


TAMPERED: dict[str, Tamper] = {
    "start is text": _col("start", "2026"),
    "a component is a number": _col("components", (7,)),
    "billable is text": _col("billable", "yes"),
    "a short column": lambda data: data["cols"][3].pop(),
    "counts beyond the rows": lambda data: data["counts"].__setitem__(0, 9),
    "a negative count": lambda data: data["counts"].__setitem__(0, -1),
    "keys cut short": lambda data: data.__setitem__("keys", data["keys"][:-8]),
    "titles missing": lambda data: data.pop("titles"),
    "a title is a number": lambda data: data["titles"].__setitem__(0, 1),
    "cols not a list": _set("cols", {"a": 1}),
    "no generation": lambda data: data.pop("gen"),
    "fingerprints cut short": lambda data: data.__setitem__("prints", data["prints"][:-8]),
    "fingerprints not bytes": _set("prints", [1, 2]),
}


def _rows(table: Any) -> list[str]:
    return sorted(map(repr, zip(*table.columns(), strict=True)))


@pytest.mark.parametrize("how", list(TAMPERED))
def test_a_tampered_cache_is_no_cache(three: tuple[Ledger, list[Path]], how: str) -> None:
    ledger, _ = three
    ws = ledger.ws
    fresh = cache.load_table(ws, use_cache=False)[0]
    cache.load_table(ws)
    files = shard_files(ledger)
    assert files
    for file in files:
        data = marshal.loads(file.read_bytes())
        TAMPERED[how](data)
        file.write_bytes(marshal.dumps(data))
        assert cache.read_cache(file).table.id == []
    table = cache.load_table(ws)[0]
    assert _rows(table) == _rows(fresh)
    assert ledger.time.report(["client"]).total.seconds == 2 * 30 * 60


def _q(*values: int) -> bytes:
    return array("q", values).tobytes()


# (row, day, seconds) columns: a row beyond the table, day 0, negative seconds, columns of
# different lengths, a length not a multiple of 8, not bytes, not three columns
BAD_PIECES: list[Any] = [
    [_q(99), _q(739000), _q(60)],
    [_q(0), _q(0), _q(60)],
    [_q(0), _q(739000), _q(-60)],
    [_q(0), _q(739000, 739001), _q(60)],
    [b"\x00" * 7, b"\x00" * 7, b"\x00" * 7],
    [[0], [739000], [60]],
    [_q(0), _q(739000)],
    {},
]


@pytest.mark.parametrize("pieces", BAD_PIECES)
@pytest.mark.parametrize("where", ["whole", "person"])
def test_a_tampered_memo_is_recomputed(
    three: tuple[Ledger, list[Path]], pieces: Any, where: str
) -> None:
    ledger, _ = three
    ws, zone = ledger.ws, ledger.ws.zone
    table = cache.load_table(ws)[0]
    fresh = sorted(settled(table, range(len(table)), zone, None, None, "split"))
    assert sorted(memo.settled_whole(ws, table, zone, "split")) == fresh
    file = ws.paths.cache / "timetrack-settled.marshal"
    data = marshal.loads(file.read_bytes())
    if where == "whole":
        data["whole"] = pieces
    else:  # a person's pieces are read when the table changed since the memo
        data["origin"] = "another"
        data["people"] = dict.fromkeys(data["people"], pieces)
    file.write_bytes(marshal.dumps(data))
    assert sorted(memo.settled_whole(ws, table, zone, "split")) == fresh


def test_a_memo_of_another_shape_is_recomputed(three: tuple[Ledger, list[Path]]) -> None:
    ledger, _ = three
    ws, zone = ledger.ws, ledger.ws.zone
    table = cache.load_table(ws)[0]
    fresh = sorted(settled(table, range(len(table)), zone, None, None, "split"))
    file = ws.paths.cache / "timetrack-settled.marshal"
    for damaged in (b"\x00garbage", marshal.dumps([1, 2]), marshal.dumps({"people": []})):
        file.write_bytes(damaged)
        assert sorted(memo.settled_whole(ws, table, zone, "split")) == fresh


def test_an_unreadable_file_is_read_again(
    three: tuple[Ledger, list[Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, paths = three
    real = Path.read_text

    def failing(self: Path, *args: Any, **kwargs: Any) -> str:
        if self == paths[0]:
            raise PermissionError(13, "denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", failing)
    assert len(cache.load_table(ledger.ws)[0]) == 4
    monkeypatch.undo()
    assert len(cache.load_table(ledger.ws)[0]) == 6


def test_a_rewrite_that_keeps_mtime_and_size_is_seen_by_its_ctime(
    three: tuple[Ledger, list[Path]],
) -> None:
    ledger, paths = three
    assert len(cache.load_table(ledger.ws)[0]) == 6
    path = paths[1]
    st = path.stat()
    path.write_text(path.read_text().replace("minutes: 20", "minutes: 25"))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # same mtime, size and inode
    table = cache.load_table(ledger.ws)[0]
    assert sorted(e - s for s, e in zip(table.start, table.end, strict=True))[2:4] == [1500, 1500]
