"""The shape of an entry cache file (``cache.py``): a damaged or tampered one is no cache.

``marshal`` holds only plain values, so a cache cannot run code; values of the right
types can still be wrong (it is a cache), but none can crash a report.
"""

from __future__ import annotations

from itertools import chain
from typing import Any, cast

from opsledger.timetrack.table import FIELDS

KEY = 4  # ints per file: mtime, size, inode, ctime (ns)

# The types each column may hold (``EntryTable``); ``components`` holds tuples of str.
_TYPES: dict[str, set[type]] = {
    "start": {int},
    "end": {int},
    "minutes": {int, type(None)},
    "billable": {bool},
    "components": {tuple},
    **{k: {str} for k in ("task", "id", "who", "start_text")},
    **{k: {str, type(None)} for k in ("client", "project", "note", "end_text")},
}
# Columns of text only: ``str.join`` checks them at C speed.
_TEXT = {"task", "id", "who", "start_text"}


def sound(data: dict[str, Any]) -> bool:
    """The cache has the shape ``_rebuild`` writes: a damaged or tampered one cannot
    crash a report (values of the right types can still be wrong: it is a cache)."""
    files, titles, counts, keys, cols, prints = (
        data.get(k) for k in ("files", "titles", "counts", "keys", "cols", "prints")
    )
    if not (
        type(data.get("gen")) is str
        and type(keys) is bytes
        and type(prints) is bytes
        and _list_of(files, {str})
        and _list_of(titles, {str})
        and _list_of(counts, {int})
        and _list_of(cols, {list})
    ):
        return False
    columns = cast(list[list[Any]], cols)
    rows = len(columns[0]) if columns else 0
    n = len(cast(list[str], files))
    sizes = cast(list[int], counts)
    if not (
        len(columns) == len(FIELDS)
        and len(cast(list[str], titles)) == n == len(sizes)
        and len(keys) == n * KEY * 8
        and min(sizes, default=0) >= 0
        and sum(sizes) == rows
        and len(prints) == rows * 8
        and all(len(c) == rows for c in columns)
    ):
        return False
    for name, column in zip(FIELDS, columns, strict=True):
        if name in _TEXT:
            try:
                "".join(column)
            except TypeError:
                return False
        elif not _list_of(column, _TYPES[name]):
            return False
    components = columns[FIELDS.index("components")]
    return set(map(type, chain.from_iterable(components))) <= {str}


def _list_of(value: Any, types: set[type]) -> bool:
    if type(value) is not list:
        return False
    return set(map(type, cast(list[Any], value))) <= types
