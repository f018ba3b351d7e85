"""file:line:column of a key path, parsing each file with the round-trip parser at most once.

Only files with findings pay for it: the fast loader keeps no positions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from opsledger.model.errors import Location, OpsledgerError

if TYPE_CHECKING:
    from opsledger.store.yamlio import YamlDocument

KeyPath = Sequence[str | int]


class Locator:
    def __init__(self) -> None:
        self._docs: dict[str, YamlDocument | None] = {}

    def _document(self, relpath: str, text: str) -> YamlDocument | None:
        if relpath in self._docs:
            return self._docs[relpath]
        from opsledger.store.yamlio import YamlDocument

        doc: YamlDocument | None = None
        try:
            if relpath.endswith(".md"):
                from opsledger.store.markdown import split_front_matter

                front, _body, offset = split_front_matter(text, relpath)
                doc = YamlDocument.parse(front, relpath, line_offset=offset)
            else:
                doc = YamlDocument.parse(text, relpath)
        except (OpsledgerError, RecursionError, ValueError):
            doc = None  # the parse error is a finding of its own
        self._docs[relpath] = doc
        return doc

    def locate(self, relpath: str, text: str, keypath: KeyPath, *, key: bool = False) -> Location:
        doc = self._document(relpath, text)
        if doc is None:
            return Location(relpath)
        where = doc.key_position(keypath) if key else doc.position(keypath)
        if where is None:
            return Location(relpath, 1, 1)
        return Location(relpath, where[0], where[1])
