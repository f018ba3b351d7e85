"""Write a new record file without loading ruamel.yaml: the fast path of ``task new``.

Only creation uses this; edits of existing files always go through the round-trip
loader (yamlio). The output has the layout yamlio gives new documents: block mappings,
flow lists and flow maps of scalars, literal blocks for multi-line text. A property test
proves both loaders read back exactly the data that went in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

_PLAIN_RE = re.compile(r"^[A-Za-z0-9_./(][^\n:#]*$")
_PLAIN_FLOW_RE = re.compile(r"^[A-Za-z0-9_./(][^\n:#,\[\]{}]*$")
_TIMESTAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)$")
_NUMBER_RE = re.compile(r"^[-+]?(\.?\d|0[xo])|^[-+]?\.(inf|nan)$", re.IGNORECASE)
# Words YAML 1.1 tools (yq, PyYAML) would read as booleans or null: quote them for their sake.
_RESERVED = frozenset(["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"])
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r", "\0": "\\0"}
# Characters a plain or literal scalar cannot hold: C0 and C1 controls, DEL, the Unicode
# line and paragraph separators, the BOM, and U+FFFE/U+FFFF (not printable in YAML).
# One regex search instead of a Python test per character: the emitter runs once per
# new task, thousands of times in a batch.
_ESCAPE_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_QUOTE_RE = re.compile(r'[\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]')


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


def quote(text: str) -> str:
    return '"' + _QUOTE_RE.sub(_escape, text) + '"'


def scalar(value: Any, *, in_flow: bool = False) -> str:
    if type(value) is str:
        return _string(value, in_flow)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int | float):
        return repr(value)
    return _string(str(value), in_flow)


def _string(text: str, in_flow: bool) -> str:
    if _TIMESTAMP_RE.match(text):
        return text
    pattern = _PLAIN_FLOW_RE if in_flow else _PLAIN_RE
    if (
        pattern.match(text)
        and text == text.strip()
        and text.lower() not in _RESERVED
        and not _NUMBER_RE.match(text)
        and not text.startswith(("- ", "? "))
        and "  " not in text
        and "\t" not in text
        and not _ESCAPE_RE.search(text)
    ):
        return text
    return quote(text)


def _flow(value: Any) -> str:
    if isinstance(value, Mapping):
        items = ", ".join(f"{scalar(k, in_flow=True)}: {_flow(v)}" for k, v in value.items())  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
        return "{" + items + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_flow(v) for v in value) + "]"  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
    return scalar(value, in_flow=True)


def _literal_ok(text: str) -> bool:
    # Nothing but line breaks would be an empty block, which both loaders read as "".
    return (
        "\n" in text
        and text.strip("\n") != ""
        and not text.startswith((" ", "\t"))
        and not text.endswith("\n\n")
        and not _ESCAPE_RE.search(text.replace("\n", "").replace("\t", ""))
        and "\r" not in text
        and all(line == line.rstrip(" \t") or line.strip() for line in text.split("\n"))
    )


def _block_text(text: str, indent: str) -> str:
    chomp = "" if text.endswith("\n") else "-"
    body = text[:-1] if text.endswith("\n") else text
    lines = [f"{indent}{line}" if line else "" for line in body.split("\n")]
    return f"|{chomp}\n" + "\n".join(lines)


def _value(value: Any, indent: str) -> str:
    if isinstance(value, str):
        if _literal_ok(value):
            return " " + _block_text(value, indent + "  ")
        return " " + scalar(value)
    if (
        isinstance(value, Mapping)
        and value
        and not all(
            not isinstance(v, Mapping | list | tuple)
            for v in value.values()  # pyright: ignore[reportUnknownVariableType]
        )
    ):
        return "\n" + emit_mapping(value, indent + "  ").rstrip("\n")  # pyright: ignore[reportUnknownArgumentType]
    if isinstance(value, Mapping | list | tuple):
        return " " + _flow(value)
    return " " + scalar(value)


def emit_mapping(data: Mapping[str, Any], indent: str = "") -> str:
    lines = [f"{indent}{scalar(key)}:{_value(value, indent)}" for key, value in data.items()]
    return "\n".join(lines) + "\n"


def emit_document(data: Mapping[str, Any], header: str | None = None) -> str:
    """The text of a new YAML file; ``header`` becomes a leading comment line."""
    prefix = f"# {header}\n" if header else ""
    return prefix + emit_mapping(data)


def flow_items(values: Sequence[Any]) -> str:
    return _flow(list(values))


def emit_any(data: Any) -> str:
    """YAML for command output: a mapping, or a list of mappings as ``- key: …`` items."""
    if isinstance(data, Mapping):
        return emit_mapping(data) if data else "{}\n"  # pyright: ignore[reportUnknownArgumentType]
    if isinstance(data, list | tuple):
        if not data:
            return "[]\n"
        chunks: list[str] = []
        for item in data:  # pyright: ignore[reportUnknownVariableType]
            if isinstance(item, Mapping) and item:
                body = emit_mapping(item, "  ")  # pyright: ignore[reportUnknownArgumentType]
                chunks.append("- " + body[2:])
            else:
                chunks.append(f"-{_value(item, '')}\n")
        return "".join(chunks)
    return scalar(data) + "\n"
