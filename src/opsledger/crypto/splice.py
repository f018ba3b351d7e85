"""Where each ``ENC[…]`` string sits in a file's text, so a bulk rewrite can splice.

A ruamel round-trip costs ~11 ms per file; ``secret rotate`` instead matches the
encrypted strings the fast parser found (in document order) with their spans in the
text. The characters of an ``ENC[…]`` string never need escaping or folding, so its
span in the text is the value itself, quoted or not. When the two lists disagree (an
``ENC[…]`` inside a comment or a longer string), the caller falls back to a round-trip.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from opsledger.crypto.envelope import ENC_RE, PREFIX
from opsledger.crypto.fieldpath import KeyPath

Span = tuple[KeyPath, int, int, str]  # key path, start, end, the ENC string


def encrypted_values(data: Any, prefix: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    """Every string value that starts like an encrypted value, in document order."""
    if isinstance(data, dict):
        for key, value in data.items():  # pyright: ignore[reportUnknownVariableType]
            if isinstance(value, str):
                if value.startswith(PREFIX):
                    yield (*prefix, str(key)), value  # pyright: ignore[reportUnknownArgumentType]
            elif isinstance(value, dict | list):
                yield from encrypted_values(value, (*prefix, str(key)))  # pyright: ignore[reportUnknownArgumentType]
    elif isinstance(data, list):
        for index, value in enumerate(data):  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
            if isinstance(value, str):
                if value.startswith(PREFIX):
                    yield (*prefix, index), value
            elif isinstance(value, dict | list):
                yield from encrypted_values(value, (*prefix, index))


def locate(text: str, data: Any) -> list[Span] | None:
    """The spans of every encrypted value, or None when text and data do not line up."""
    values = list(encrypted_values(data))
    matches = list(ENC_RE.finditer(text))
    if len(values) != len(matches):
        return None
    spans: list[Span] = []
    for (keypath, value), match in zip(values, matches, strict=True):
        if match.group(0) != value:
            return None
        spans.append((keypath, match.start(), match.end(), value))
    return spans


def apply(text: str, replacements: Sequence[tuple[int, int, str]]) -> str:
    """Replace ``text[start:end]`` spans (non-overlapping) with new strings."""
    parts: list[str] = []
    last = 0
    for start, end, new in sorted(replacements):
        parts.append(text[last:start])
        parts.append(new)
        last = end
    parts.append(text[last:])
    return "".join(parts)
