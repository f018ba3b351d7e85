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


def _needs_escape(char: str) -> bool:
    code = ord(char)
    return code < 0x20 or code == 0x7F or 0x80 <= code < 0xA0 or code in (0x2028, 0x2029, 0xFEFF)


def quote(text: str) -> str:
    out = ['"']
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _needs_escape(char):
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def scalar(value: Any, *, in_flow: bool = False) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
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
        and not any(_needs_escape(c) for c in text)
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
    lines = text.split("\n")
    return (
        "\n" in text
        and not text.startswith((" ", "\t"))
        and not text.endswith("\n\n")
        and not any(_needs_escape(c) for c in text.replace("\n", "").replace("\t", ""))
        and "\r" not in text
        and all(line == line.rstrip(" \t") or line.strip() for line in lines)
    )


def _block_text(text: str, indent: str) -> str:
    chomp = "" if text.endswith("\n") else "-"
    body = text[:-1] if text.endswith("\n") else text
    lines = [f"{indent}{line}" if line else "" for line in body.split("\n")]
    return f"|{chomp}\n" + "\n".join(lines)


def _value(value: Any, indent: str) -> str:
    if isinstance(value, str) and _literal_ok(value):
        return " " + _block_text(value, indent + "  ")
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
