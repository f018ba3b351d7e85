"""Which tasks hold an entry id, without reading 10k files: hints, always confirmed.

``time edit ID`` must find the task of a bare entry id, and refuse an id held by two
tasks. The entry cache (brought up to date by the caller: a ``stat`` per task file),
plus the entries written since it was last written (noted here by every time
operation), names the holders; the caller reads their files to confirm and falls back
to reading every file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from opsledger.store.workspace import Workspace

if TYPE_CHECKING:
    from opsledger.timetrack.table import EntryTable

_RECENT_NAME = "timetrack-recent.txt"


def peek(ws: Workspace, entry_id: str, table: EntryTable | None = None) -> set[str]:
    """The tasks holding ``entry_id`` in ``table`` (default: the cache as last written)
    plus the entries written since (``note_written``), without looking at the files: a
    hint, maybe stale."""
    if table is None:
        from opsledger.timetrack.cache import CACHE_NAME, read_cache

        table = read_cache(ws.paths.cache / CACHE_NAME).table
    found = {t for t, i in zip(table.task, table.id, strict=True) if i == entry_id}
    try:
        lines = (ws.paths.cache / _RECENT_NAME).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    found.update(t for t, _, i in (line.partition(" ") for line in lines) if i == entry_id)
    return found


def note_written(ws: Workspace, task_id: str, entry_ids: list[str]) -> None:
    """Remember entries just written, for ``peek`` until the cache is next rewritten."""
    try:
        ws.paths.cache.mkdir(parents=True, exist_ok=True)
        with (ws.paths.cache / _RECENT_NAME).open("a", encoding="utf-8") as handle:
            handle.write("".join(f"{task_id} {entry_id}\n" for entry_id in entry_ids))
    except OSError:
        pass  # only a hint


def forget_written(ws: Workspace) -> None:
    """The cache was rewritten and knows every entry: the notes are not needed."""
    (ws.paths.cache / _RECENT_NAME).unlink(missing_ok=True)
