"""The task files of a ledger and the titles of those holding time, cheaply.

A report over 10k tasks lists and ``stat``s every file on each run; ``Path`` objects and
a dict of 10k titles that the report never prints were a tenth of its budget.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path

SUFFIX = ".yaml"


def task_listing(root: Path, folder: Path) -> list[tuple[str, str]]:
    """(relpath, absolute path) of every task file, sorted by name, like
    ``LedgerPaths.iter_record_files`` but without a ``Path`` per file (10k of them cost
    ~40 ms)."""
    found: list[tuple[str, str, str]] = []
    stack = [(str(folder), folder.relative_to(root).as_posix())]
    while stack:
        current, rel = stack.pop()
        try:
            items = list(os.scandir(current))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for item in items:
            name = item.name
            if item.is_dir(follow_symlinks=False):
                stack.append((item.path, f"{rel}/{name}"))
            elif name.endswith(SUFFIX) and not name.startswith("."):
                found.append((name, f"{rel}/{name}", item.path))
    found.sort()
    return [(rel, full) for _, rel, full in found]


class Titles(Mapping[str, str]):
    """Task id → title of the tasks holding entries, built on first use (a report over
    10k tasks does not need them)."""

    def __init__(self, files: list[str], titles: list[str], counts: list[int]) -> None:
        self._parts = (files, titles, counts)
        self._found: dict[str, str] | None = None

    def _built(self) -> dict[str, str]:
        if self._found is None:
            self._found = {
                name.rsplit("/", 1)[-1][: -len(SUFFIX)]: title
                for name, title, count in zip(*self._parts, strict=True)
                if count
            }
        return self._found

    def __getitem__(self, key: str) -> str:
        return self._built()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._built())
