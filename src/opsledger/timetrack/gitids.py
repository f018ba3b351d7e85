"""The task files holding an entry id, as git's index vouches for them (``lookup.py``).

``gitlisting.py`` has git name every task file and its staged blob, and flag those whose
work-tree bytes may differ. A file git vouches for holds the blob's ids, so they are kept per
listing line (path, mode and blob id: ``cache/`` + ``CACHE_NAME``) and a line seen before is
not read again. A line not seen before is read and its bytes hashed as git does: only if
they are the staged blob are the ids kept for the line (a file changed since git looked, or
turned by a clean or smudge filter, is one git cannot vouch for). The files git cannot vouch
for (modified, deleted, untracked, assume-unchanged, skip-worktree, unmerged, links) are
stat-ed and parsed when their stat key changed, as the scan does; a file changed within a
second of the cache being written is parsed again (a coarse clock could hide a rewrite).

``held`` returns None where git cannot answer for the folder, and the caller scans it: git
missing or failing, ``GIT_INDEX_FILE`` set, the folder a link, or a nested repository or a
submodule inside it (git lists neither's files; the scan does).
"""

from __future__ import annotations

import os
from typing import cast

from opsledger.store.git import blob_id
from opsledger.store.workspace import Workspace
from opsledger.timetrack import idfile
from opsledger.timetrack.gitidcache import CACHE_NAME, UNSET, Cache, Loose, known, write
from opsledger.timetrack.gitlisting import FOLDER, listing

__all__ = ["CACHE_NAME", "held"]

_RACY_NS = 1_000_000_000
_VOUCHED = (b"H 100644 ", b"H 100755 ")  # cached, a regular file, stage 0
_GITLINK = b"160000"
_SUFFIX = ".yaml"
Held = list[tuple[str, idfile.Parsed | None]]  # below the folder; data and text if parsed


def _is_task(path: str) -> bool:
    name = path.rpartition("/")[2]
    return name.endswith(_SUFFIX) and not name.startswith(".")


class _Lookup:
    def __init__(self, root: str, entry_id: str) -> None:
        self.root, self.entry_id = root, entry_id
        self.doubtful: set[str] = set()
        self.parsed: dict[str, idfile.Parsed] = {}
        self.holders: list[str] = []

    def vouched(self, path: str, head: bytes) -> str | None:
        """The ids of a file git vouches for, if its bytes are the staged blob."""
        content = idfile.read(os.path.join(self.root, path))
        blob = head.split(b" ")[2]
        if content is None or blob_id(content, len(blob)).encode("ascii") != blob:
            return None
        found, data = idfile.ids_of(content, path)
        if data is not None:
            self.parsed[path] = data
        return found

    def loose(self, old: Cache) -> dict[str, Loose]:
        """The files git cannot vouch for, by stat key as the scan has them."""
        kept: dict[str, Loose] = {}
        limit = old.stamp - _RACY_NS
        for path in sorted(self.doubtful):
            full = os.path.join(self.root, path)
            try:
                st = os.stat(full)
            except OSError:
                continue  # deleted
            key = (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)
            before = old.loose.get(path)
            if before is not None and before[:4] == key and key[3] < limit:
                found = before[4]
            else:
                content = idfile.read(full)
                if content is None:
                    continue  # not recorded: read again next time
                found, data = idfile.ids_of(content, path)
                if data is not None:
                    self.parsed[path] = data
            kept[path] = (*key, found)
            if idfile.holds(found, self.entry_id):
                self.holders.append(path)
        return kept


def _split(line: bytes) -> tuple[bytes, bytes]:
    """(head, path) of a listing line: ``? PATH`` for a file git does not track (its path
    may hold a TAB), ``TAG MODE BLOB STAGE<TAB>PATH`` for the others."""
    if line.startswith(b"? "):
        return b"?", line[2:]
    head, _tab, raw = line.partition(b"\t")
    return head, raw


def held(ws: Workspace, entry_id: str) -> Held | None:
    """The task files holding ``entry_id`` (paths below the folder), with their data and
    text where read here; None when git cannot answer."""
    output = listing(ws.git, ws.paths)
    if output is None:
        return None
    lines = output.split(b"\0")
    del lines[-1]  # each line ends with a NUL
    cache_file = ws.paths.cache / CACHE_NAME
    old = Cache(cache_file)
    ids, misses, dirty = known(old, lines)
    look = _Lookup(str(ws.paths.root), entry_id)
    for n in misses:
        was, ids[n] = ids[n], UNSET
        head, raw = _split(lines[n])
        if head == b"?" and raw.endswith(b"/"):
            return None  # a nested repository: git does not list inside it
        if head[2:8] == _GITLINK:
            return None  # a submodule: git does not list inside it either
        path = os.fsdecode(raw)
        if head.startswith(_VOUCHED):
            found = look.vouched(path, head) if _is_task(path) else ""
            ids[n] = UNSET if found is None else found
        if ids[n] == UNSET and _is_task(path):
            look.doubtful.add(path)
        dirty = dirty or ids[n] != was
    for n, found in enumerate(ids):
        if found and entry_id in found and idfile.holds(found, entry_id):
            path = os.fsdecode(_split(lines[n])[1])
            if path not in look.doubtful:
                look.holders.append(path)
    loose = look.loose(old)
    if dirty or loose != old.loose:
        write(cache_file, lines, cast(list[str], ids), loose)
    start = len(FOLDER) + 1
    return [(path[start:], look.parsed.get(path)) for path in look.holders]
