"""Read, hash and parse one file into index rows (a parallel rebuild's workers: worker.py)."""

from __future__ import annotations

import marshal
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from opsledger.index.extract import Extracted, components, extract
from opsledger.index.scan import Stat, kind_of
from opsledger.model.errors import OpsledgerError
from opsledger.model.timestamps import load_zone
from opsledger.store.git import blob_id


@dataclass(slots=True)
class Parsed:
    path: str
    stat: Stat
    blob: str
    records: list[Extracted]
    error: str | None = None


def rows_of(relpath: str, content: bytes, zone_name: str) -> list[Extracted]:
    """Raises OpsledgerError (with file:line:column) for a file that does not parse."""
    from opsledger.store.fastload import load_fast, load_fast_front_matter

    zone = load_zone(zone_name)
    kind = kind_of(relpath)
    markdown = ""
    if kind == "runbook":
        from opsledger.index.runbook import record

        runbook, body = record(content, relpath)
        return [extract(kind, runbook, relpath, zone, body)]
    if kind == "change":
        from opsledger.store.markdown import split_front_matter

        data: Any = load_fast_front_matter(content, relpath)
        markdown = split_front_matter(content.decode("utf-8"), relpath)[1]
    else:
        data = load_fast(content, relpath)
    if not isinstance(data, dict):
        raise OpsledgerError(f"{relpath}: the file must hold a mapping")
    if kind == "component":
        return components(data, relpath, zone)  # pyright: ignore[reportUnknownArgumentType]
    as_written: dict[str, Any] = data  # pyright: ignore[reportUnknownVariableType]
    if not data.get("id"):  # pyright: ignore[reportUnknownMemberType]
        stem = relpath.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        data = {**data, "id": stem}  # pyright: ignore[reportUnknownVariableType]
    found = extract(kind, data, relpath, zone, markdown)  # pyright: ignore[reportUnknownArgumentType]
    if kind in ("task", "window"):
        # ``show`` and json output read this instead of parsing the file again: no YAML
        # parser on those paths. Compressed: 1.5 KB instead of 3.9 for a corpus task.
        found.data = zlib.compress(marshal.dumps(as_written), 1)
    return [found]


def parse_file(root: Path, relpath: str, stat: Stat, zone_name: str) -> Parsed | None:
    """None when the file vanished between the scan and now."""
    try:
        content = (root / relpath).read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        return None
    blob = blob_id(content)
    try:
        return Parsed(relpath, stat, blob, rows_of(relpath, content, zone_name))
    except OpsledgerError as exc:
        return Parsed(relpath, stat, blob, [], str(exc))
