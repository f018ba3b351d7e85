"""A big batch's file contents handed to git as packs while the batch is still writing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from opsledger.store import git as git_module
from opsledger.store.git import Git

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor


class BlobPacker:
    """Packs a big batch's blobs while the batch is still writing its files.

    Staging a new file writes it as a loose object (a file under ``objects/xx/``); for a
    batch of a thousand new tasks that was most of the commit (330 of 470 ms here). Git
    does not write an object it already has, so packing the contents first with
    ``Git.pack_blobs`` saves that. A thread packs a chunk at a time while the writer
    waits on its own fsyncs; only the last chunk is left for commit time.
    """

    def __init__(self, git: Git) -> None:
        self._git = git
        self._pending: list[bytes] = []
        self._pool: ThreadPoolExecutor | None = None
        self._jobs: list[Future[bool]] = []

    def add(self, payload: bytes) -> None:
        self._pending.append(payload)
        if len(self._pending) >= git_module.PACK_MIN_FILES:  # read late: tests lower it
            if self._pool is None:
                # Imported here: concurrent.futures brings logging, and a single
                # ``task new`` never gets this far.
                from concurrent.futures import ThreadPoolExecutor

                # One worker: the packs are made one after another, never in parallel.
                self._pool = ThreadPoolExecutor(max_workers=1)
            self._jobs.append(self._pool.submit(self._git.pack_blobs, self._pending))
            self._pending = []

    def finish(self, *, pack_rest: bool = True) -> None:
        """Pack what is left (git stages a short rest as loose objects) and wait for all;
        ``pack_rest=False`` (a rollback) only waits for the packs under way."""
        rest, self._pending = self._pending, []
        pool, self._pool = self._pool, None
        jobs, self._jobs = self._jobs, []
        try:
            if pack_rest:
                self._git.pack_blobs(rest)
            for job in jobs:
                job.result()
        finally:
            if pool is not None:
                pool.shutdown(wait=True)
