"""A damaged or tampered cache is no cache; unreadable files and ctime changes are reread."""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from opsledger.ledger import Ledger
from opsledger.timetrack import cache, memo
from opsledger.timetrack.settling import settled
from tests.timetrack.test_caches import three

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
}


@pytest.mark.parametrize("how", list(TAMPERED))
def test_a_tampered_cache_is_no_cache(three: tuple[Ledger, list[Path]], how: str) -> None:
    ledger, _ = three
    ws = ledger.ws
    fresh = cache.load_table(ws, use_cache=False)[0]
    file = ws.paths.cache / cache.CACHE_NAME
    cache.load_table(ws)
    data = marshal.loads(file.read_bytes())
    TAMPERED[how](data)
    file.write_bytes(marshal.dumps(data))
    assert cache.read_cache(file).table.id == []
    table = cache.load_table(ws)[0]
    assert table.columns() == fresh.columns()
    assert ledger.time.report(["client"]).total.seconds == 2 * 30 * 60


@pytest.mark.parametrize(
    "pieces",
    [[(99, 739000, 60)], [(0, "day", 60)], [(0, 0, 60)], [(0, 739000)], [[0, 739000, 60]], {}],
)
def test_a_tampered_memo_is_recomputed(three: tuple[Ledger, list[Path]], pieces: Any) -> None:
    ledger, _ = three
    ws, zone = ledger.ws, ledger.ws.zone
    table = cache.load_table(ws)[0]
    fresh = settled(table, range(len(table)), zone, None, None, "split")
    assert memo.settled_whole(ws, table, zone, "split") == fresh
    file = ws.paths.cache / "timetrack-settled.marshal"
    data = marshal.loads(file.read_bytes())
    file.write_bytes(marshal.dumps({**data, "pieces": pieces}))
    assert memo.settled_whole(ws, table, zone, "split") == fresh


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
