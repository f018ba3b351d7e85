"""Which indexed files may have changed, as git sees it, asked in the background.

Stat-ing 10,000 files from Python costs a warm query ~40 ms of its 75; git does the same
in C, on the other core, while the query imports its modules. git vouches only for files it
tracks and whose staged blob the index holds, so the index keeps, per state of git's index
file and per write of its own (``token``), the paths git cannot vouch for: a blob other than
the staged one, not tracked, flagged assume-unchanged or skip-worktree, unmerged, or not a
regular file. A query then stats those and what git reports modified or untracked, and
nothing else.

Small ledgers are scanned directly, as starting git costs more than it saves there: a probe
runs only once the index has written its cache file, which it does past PROBE_MIN files.
"""

from __future__ import annotations

import marshal
import os
import sqlite3
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

from opsledger.index.scan import INVENTORY, SOURCES, indexed
from opsledger.store.atomic import save_cache
from opsledger.store.git import Background, Git

PROBE_MIN = 2000
REFRESH_AFTER = 200  # files git reports changed: more, and git's stat cache is refreshed
CACHE_NAME = "index.sqlite3.git"
FOLDERS = (*SOURCES, INVENTORY)

Key = tuple[int, int, int]  # git's index file: (mtime_ns, size, inode)
_early: dict[Path, Probe] = {}


def _index_key(git: Git) -> Key | None:
    if "GIT_INDEX_FILE" in os.environ:
        return None  # an index elsewhere: rare, and the scan is always right
    try:
        info = os.stat(git.git_dir / "index")
    except OSError:
        return None  # nothing staged yet (a fresh repository)
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def _paths(listing: bytes) -> list[str]:
    return [os.fsdecode(raw) for raw in listing.split(b"\0") if raw]


def unvouched(staged: bytes, blobs: dict[str, str]) -> list[str]:
    """The indexed paths whose content git's index does not vouch for; ``staged`` is
    ``git ls-files -s -v -z`` and ``blobs`` the index's path -> blob id.

    Runs over every tracked file after each commit, so the common entry (a regular file,
    cached, stage 0, the blob the index has) is recognised by one comparison of bytes."""
    tracked: set[str] = set()
    doubtful: set[str] = set()
    for entry in staged.split(b"\0"):
        head, _, raw = entry.partition(b"\t")
        if not raw:
            continue
        path = os.fsdecode(raw)
        known = blobs.get(path)
        if known is None:  # not in the index: only an indexed kind of file matters
            if indexed(path):
                tracked.add(path)
                doubtful.add(path)
            continue
        tracked.add(path)
        expected = known.encode("ascii")
        if head != b"H 100644 " + expected + b" 0" and head != b"H 100755 " + expected + b" 0":
            doubtful.add(path)
    doubtful.update(path for path in blobs if path not in tracked)
    return sorted(doubtful)


class Probe:
    """git's answers for one query, started as soon as the ledger is known."""

    def __init__(self, git: Git, root: Path, cache: Path) -> None:
        self.cache_file = cache / CACHE_NAME
        self.key = _index_key(git)
        self._git, self._root, self._cache = git, root, cache
        saved = self._load()
        self._saved = saved if saved is not None and saved[0] == self.key else None
        self._jobs: list[Background | None] = []
        self._staged: Background | None = None
        if any((root / folder).is_symlink() for folder in SOURCES):
            self.key = None  # the scan follows a linked folder, git lists only the link
        if self.key is None:
            return
        self._jobs = [
            self._start("diff-files", "--name-only", "-z", "--relative", "--", *FOLDERS),
            self._start("ls-files", "-o", "-z", "--", *FOLDERS),
        ]
        if self._saved is None:
            self._staged = self._start("ls-files", "-s", "-v", "-z", "--", *FOLDERS)

    def _start(self, *args: str) -> Background | None:
        return self._git.start(*args, cwd=self._root, scratch=self._cache)

    def _load(self) -> tuple[Key, str, list[str]] | None:
        try:
            saved = marshal.loads(self.cache_file.read_bytes())
            key, token, doubtful = saved
        except (OSError, ValueError, EOFError, TypeError):
            return None
        return tuple(key), str(token), list(doubtful)  # pyright: ignore[reportUnknownArgumentType]

    def save(self, token: str, doubtful: Iterable[str]) -> None:
        """Best effort: without the file the next query asks git for everything again."""
        save_cache(self.cache_file, marshal.dumps((self.key, token, sorted(doubtful))))

    def suspects(self, conn: sqlite3.Connection, token: str) -> set[str] | None:
        """The paths to stat for the index at ``token``; None when git could not answer
        (then scan everything)."""
        outputs = [job.output() if job is not None else None for job in self._jobs]
        staged = self._staged.output() if self._staged is not None else None
        if self.key is None or None in outputs or _index_key(self._git) != self.key:
            return None  # no answer, or git's index changed meanwhile: scan this time
        if self._saved is not None and self._saved[1] == token:
            doubtful = self._saved[2]
        else:
            if staged is None:
                job = self._start("ls-files", "-s", "-v", "-z", "--", *FOLDERS)
                staged = job.output() if job is not None else None
                if staged is None:
                    return None
            blobs = dict(conn.execute("SELECT path, blob FROM files"))
            doubtful = unvouched(staged, blobs)
            self.save(token, doubtful)
        modified, untracked = (_paths(listing or b"") for listing in outputs)
        if any(path.endswith("/") for path in untracked):
            return None  # a nested repository: git does not list inside it, the scan does
        if len(modified) > REFRESH_AFTER:
            self._refresh_git_index()
        return set(doubtful).union(path for path in modified + untracked if indexed(path))

    def _refresh_git_index(self) -> None:
        """Many files git calls modified are usually only touched (a copied repository, a
        tool that rewrote them): refresh git's stat cache, as ``git status`` does, so that
        the next query is told only of real changes. Once per state of git's index (after
        that the changes are real), and never where the user asked git for no optional
        locks. Best effort."""
        if os.environ.get("GIT_OPTIONAL_LOCKS") == "0":
            return
        marker = self.cache_file.with_name(CACHE_NAME + "-refreshed")
        with suppress(OSError, ValueError, EOFError, TypeError):
            if tuple(marshal.loads(marker.read_bytes())) == self.key:
                return
        job = self._start("update-index", "-q", "--refresh")
        if job is not None:
            job.output()
        refreshed = _index_key(self._git)
        with suppress(OSError):
            marker.write_bytes(marshal.dumps(refreshed))


def start_early(start: Path) -> None:
    """Start the probe for the ledger at ``start`` before the query imports its modules;
    anything wrong is left for the command itself to report."""
    from opsledger.store.paths import LedgerPaths, find_ledger_root

    with suppress(Exception):
        root = find_ledger_root(start)
        git = Git.discover(root)
        cache = LedgerPaths(root, git.toplevel, git.git_dir).cache
        if (cache / CACHE_NAME).is_file():
            _early[root] = Probe(git, root, cache)


def probe_for(git: Git, root: Path, cache: Path) -> Probe | None:
    """The probe started early for this ledger, else a new one if the ledger is big enough
    to have a cache file; each probe answers one refresh."""
    early = _early.pop(root, None)
    if early is not None:
        return early
    if (cache / CACHE_NAME).is_file():
        return Probe(git, root, cache)
    return None
