"""file:line:column of a key path: each file with findings is scanned once more for the
positions of its nodes (``fastload.marks``, the C parser), then every finding in it is a
lookup. The first load keeps no positions: most files have no findings.
"""

from __future__ import annotations

from collections.abc import Sequence

from opsledger.model.errors import Location
from opsledger.store.fastload import Marks, marks

KeyPath = Sequence[str | int]


class Locator:
    def __init__(self) -> None:
        self._marks: dict[str, Marks | None] = {}

    def _of(self, relpath: str, text: str) -> Marks | None:
        if relpath not in self._marks:
            self._marks[relpath] = marks(text, relpath, front_matter=relpath.endswith(".md"))
        return self._marks[relpath]

    def locate(self, relpath: str, text: str, keypath: KeyPath, *, key: bool = False) -> Location:
        found = self._of(relpath, text)
        if found is None:
            return Location(relpath)  # the parse error is a finding of its own
        where = found.position(keypath, key=key)
        if where is None:
            return Location(relpath, 1, 1)
        return Location(relpath, where[0], where[1])
