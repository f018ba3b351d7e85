"""Markdown files with YAML front matter (change records, runbooks).

A file is ``---`` on the first line, YAML, a closing ``---`` line, then the Markdown
body. The front matter is a YamlDocument whose line numbers point into the .md file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from opsledger.model.errors import Location, ParseError

if TYPE_CHECKING:
    # Imported lazily below: fastload splits front matter without loading ruamel.
    from opsledger.store.yamlio import YamlDocument

_DELIMITER = re.compile(r"---[ \t]*(?:\r?\n|\Z)")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)
_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))??(?:[ \t]+#+)?[ \t]*")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def split_front_matter(text: str, filename: str) -> tuple[str, str, int]:
    """(front matter text, body, number of file lines before the front matter text)."""
    _opening, front, _closing, body = _split(text, filename)
    return front, body, 1


def _split(text: str, filename: str) -> tuple[str, str, str, str]:
    """(opening line, front matter, closing line, body), delimiters as written."""
    if text.startswith("\ufeff"):
        text = text[1:]
    opening = _DELIMITER.match(text)
    if opening is None:
        raise ParseError(
            "no YAML front matter: the file must start with a '---' line",
            Location(filename, 1, 1),
        )
    closing = _CLOSING.search(text, opening.end())
    if closing is None:
        raise ParseError("the front matter has no closing '---' line", Location(filename, 1, 1))
    return (
        opening.group(),
        text[opening.end() : closing.start()],
        closing.group(),
        text[closing.end() :],
    )


class MarkdownDocument:
    """A Markdown file with front matter, loaded for round-trip editing."""

    def __init__(
        self, front: YamlDocument, body: str, *, opening: str, closing: str, bom: bool = False
    ) -> None:
        self.front = front
        self.body = body
        self._opening = opening
        self._closing = closing
        self._bom = bom

    @property
    def filename(self) -> str:
        return self.front.filename

    @classmethod
    def parse(cls, text: str, filename: str) -> MarkdownDocument:
        from opsledger.store.yamlio import YamlDocument

        opening, front_text, closing, body = _split(text, filename)
        front = YamlDocument.parse(front_text, filename, line_offset=1)
        return cls(front, body, opening=opening, closing=closing, bom=text.startswith("\ufeff"))

    @classmethod
    def read(cls, path: Path, display: str | None = None) -> MarkdownDocument:
        from opsledger.store.fastload import check_size, decode_text

        filename = display if display is not None else str(path)
        try:
            check_size(path.stat().st_size, filename)
            data = path.read_bytes()
        except OSError as exc:
            raise ParseError(
                f"cannot read file: {exc.strerror or exc}", Location(filename)
            ) from None
        text = decode_text(data, filename)
        return cls.parse("\ufeff" + text if data.startswith(b"\xef\xbb\xbf") else text, filename)

    def dump(self) -> str:
        # The front text always ends with a line break: the closing line follows one.
        text = self._opening + self.front.dump() + self._closing + self.body
        return "\ufeff" + text if self._bom else text

    def sections(self) -> dict[str, str]:
        """``## Heading`` -> its text (up to the next heading of level 1 or 2), without
        surrounding blank lines. Headings inside fenced code blocks do not count; the text
        of a repeated heading is appended to the first, after a blank line."""
        found: dict[str, list[list[str]]] = {}
        current: list[str] | None = None
        fence: str | None = None
        for line in self.body.splitlines():
            if fence is not None:
                if line.strip().startswith(fence):
                    fence = None
            elif (opened := _FENCE.match(line)) is not None:
                fence = opened.group(1)
            elif (heading := _HEADING.fullmatch(line)) is not None and len(heading.group(1)) <= 2:
                current = None
                if len(heading.group(1)) == 2:
                    current = []
                    found.setdefault((heading.group(2) or "").strip(), []).append(current)
                continue
            if current is not None:
                current.append(line)
        return {
            title: "\n\n".join(text for chunk in chunks if (text := "\n".join(chunk).strip("\n")))
            for title, chunks in found.items()
        }
