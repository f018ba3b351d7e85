"""Runbooks (``runbooks/<slug>.md``): Markdown with optional YAML front matter.

The slug (the path under ``runbooks/`` without ``.md``) is the runbook's id. Its title is the front
matter's ``title``, else the first ``# `` heading outside a code fence, else the slug.
Front matter keys such as ``tasks``, ``components`` and ``tags`` are indexed as on any
record; the Markdown body is full text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from opsledger.model.errors import Location, ParseError

_OPENING = re.compile(r"\ufeff?---[ \t]*(?:\r?\n|\Z)")
_HEADING = re.compile(r" {0,3}#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def slug_of(relpath: str) -> str:
    """The path under ``runbooks/`` without ``.md``: ``runbooks/pg/failover.md`` is
    ``pg/failover``, so runbooks of the same name in two sub-folders stay apart."""
    return relpath.removeprefix("runbooks/").removesuffix(".md")


def split(content: bytes | str, relpath: str) -> tuple[dict[str, Any], str]:
    """(front matter data, Markdown body); a file without front matter is all body."""
    from opsledger.store.fastload import decode_text, load_fast_front_matter

    text = decode_text(content, relpath)
    if _OPENING.match(text) is None:
        return {}, text
    from opsledger.store.markdown import split_front_matter

    data = load_fast_front_matter(text, relpath)
    body = split_front_matter(text, relpath)[1]
    if data is None:
        return {}, body
    if not isinstance(data, dict):
        raise ParseError("the front matter must hold a mapping", Location(relpath, 2, 1))
    return data, body  # pyright: ignore[reportUnknownVariableType]


def first_heading(body: str) -> str | None:
    fence: str | None = None
    for line in body.splitlines():
        opened = _FENCE.match(line)
        if opened is not None:
            mark = opened.group(1)
            if fence is None:
                fence = mark
            elif mark[0] == fence[0] and len(mark) >= len(fence):
                fence = None
            continue
        if fence is None and (heading := _HEADING.fullmatch(line)) is not None:
            return heading.group(1) or None
    return None


def record(content: bytes | str, relpath: str) -> tuple[dict[str, Any], str]:
    """The runbook as a record (front matter, its id and title) and its body."""
    data, body = split(content, relpath)
    slug = slug_of(relpath)
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        title = first_heading(body) or slug
    return {**data, "id": slug, "title": title}, body


def markdown_data(root: Path, relpath: str) -> dict[str, Any]:
    """A Markdown record as ``--json`` shows it: the front matter, and for a runbook its
    id, title and ``body``."""
    from opsledger.store.records import read_text

    text = read_text(root / relpath, relpath)
    if relpath.startswith("runbooks/"):
        data, body = record(text, relpath)
        return {**data, "body": body}
    return split(text, relpath)[0]
