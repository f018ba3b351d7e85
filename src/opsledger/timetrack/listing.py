"""The task files of a ledger and the titles of those holding time, cheaply.

A report over 10k tasks lists and ``stat``s every file on each run; ``Path`` objects and
a dict of 10k titles that the report never prints were a tenth of its budget.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

SUFFIX = ".yaml"


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
