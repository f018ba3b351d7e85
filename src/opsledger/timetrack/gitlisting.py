"""git's listing of the task files, asked in the background (``gitids.py`` reads it).

One ``git ls-files`` names every task file, the blob git's index holds for it, and which
files the work tree may hold otherwise: modified or deleted (``C``), untracked or ignored
(``?``), assume-unchanged (lower case), skip-worktree (``S``), unmerged. git stats the
10k files in C on the other core while the command imports its modules: ``time edit`` and
``time rm`` start it (``start_early``) as soon as they know the id is bare.

The ``-c`` settings make git check every file's full stat data (mtime, ctime, size,
inode) as it does by default, whatever the repository configures: a file system monitor
or a relaxed ``core.checkStat`` could vouch for a file that changed. What git itself
cannot see, these lookups cannot either: where git compares times to the second (built
without ``USE_NSEC``), a file rewritten in place to the same size with its mtime put back,
within the second git last recorded it, escapes ``git status`` and this listing alike.
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

from opsledger.store.git import Background, Git
from opsledger.store.paths import RECORD_DIRS, LedgerPaths, find_ledger_root

FOLDER = RECORD_DIRS["task"]
STRICT = (
    *("-c", "core.fsmonitor=false", "-c", "core.checkStat=default"),
    *("-c", "core.trustctime=true", "-c", "core.untrackedCache=false"),
)
LISTING = (*STRICT, "ls-files", "-z", "-v", "-s", "-c", "-m", "-o", "--", FOLDER)

_early: dict[Path, Background | None] = {}


def _start(git: Git, root: Path, cache: Path) -> Background | None:
    if "GIT_INDEX_FILE" in os.environ:
        return None  # an index elsewhere: rare, and the scan is always right
    if (root / FOLDER).is_symlink():
        return None  # the scan follows a linked folder, git lists only the link
    return git.start(*LISTING, cwd=root, scratch=cache)


def start_early(start: Path) -> None:
    """Ask git for the listing of the ledger at ``start`` before the command imports its
    modules; anything wrong is left for the command itself to report."""
    with suppress(Exception):
        root = find_ledger_root(start)
        git = Git.discover(root)
        _early[root] = _start(git, root, LedgerPaths(root, git.toplevel, git.git_dir).cache)


def listing(git: Git, paths: LedgerPaths) -> bytes | None:
    """The listing started early for this ledger, else asked now; None when git cannot
    answer (then the caller scans the folder)."""
    early = paths.root in _early
    job = _early.pop(paths.root) if early else _start(git, paths.root, paths.cache)
    return job.output() if job is not None else None


def discard() -> None:
    """Drop listings started early and not used (the command failed before its lookup),
    so that a later lookup in this process never takes an old one."""
    while _early:
        job = _early.popitem()[1]
        if job is not None:
            job.output()  # reaps the process
