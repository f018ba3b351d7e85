"""Fast, safe YAML 1.2 loading for bulk reads (index rebuild, whole-ledger validation).

PyYAML's C parser (``pyyaml.py``) turns a file into events; a small loop
here builds plain dicts, lists and scalars from them. Going from events straight to data
skips PyYAML's node tree and its Python constructor, which together cost more than
twice as much, and lets us refuse unsafe input while the events stream by: an over-deep document
is stopped at level ``MAX_DEPTH + 1`` instead of being parsed to the end (libyaml is
quadratic in the nesting depth of flow collections).

This module also owns the YAML 1.2 core schema (which plain scalars are null, bool, int
or float) and the byte-level checks, and ``yamlio`` reuses them: both loaders then agree
by construction, which a test checks over generated documents and the whole corpus.
PyYAML itself is imported on first use so that ``yamlio`` users do not pay for it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import suppress
from typing import Any, Final, NoReturn, cast

from opsledger.model.errors import Location, ParseError
from opsledger.store import pyyaml
from opsledger.store.pyyaml import PyYaml

MAX_FILE_BYTES: Final = 8 * 1024 * 1024
MAX_DEPTH: Final = 64

# --- byte level -------------------------------------------------------------------------


def location(filename: str, line: int, column: int, line_offset: int = 0) -> Location:
    """A 1-based location from a parser's 0-based line and column."""
    return Location(filename, line + 1 + line_offset, column + 1)


def check_size(size: int, filename: str) -> None:
    """Refuse a file over MAX_FILE_BYTES before anything parses it."""
    if size > MAX_FILE_BYTES:
        raise ParseError(
            f"file is {size} bytes, more than the {MAX_FILE_BYTES // (1024 * 1024)} MiB limit",
            Location(filename),
        )


def decode_text(data: bytes | str, filename: str, line_offset: int = 0) -> str:
    """The text of a YAML file: size-checked, strict UTF-8, without a leading BOM."""
    if isinstance(data, str):
        # A character is at most 4 bytes, so only long texts need an exact count.
        if len(data) * 4 > MAX_FILE_BYTES:
            check_size(len(data.encode("utf-8", "surrogatepass")), filename)
        text = data
    else:
        check_size(len(data), filename)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            start = exc.start
            line_start = data.rfind(b"\n", 0, start) + 1
            column = len(data[line_start:start].decode("utf-8", "replace"))
            line = data.count(b"\n", 0, start)
            raise ParseError(
                f"invalid UTF-8 at byte offset {start}",
                location(filename, line, column, line_offset),
            ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def character_location(text: str, index: int, filename: str, line_offset: int = 0) -> Location:
    """The location of the character at ``index`` in ``text``."""
    line = text.count("\n", 0, index)
    column = index - (text.rfind("\n", 0, index) + 1)
    return location(filename, line, column, line_offset)


def bad_character(text: str, filename: str, line_offset: int = 0) -> ParseError:
    """The error for the first character YAML does not allow (both parsers refuse the same
    set; their own messages and offsets differ, so we locate it ourselves)."""
    # Compiled here, on the error path: the class spans all of Unicode, and compiling it
    # cost every command that imports this module ~5 ms.
    match = re.search(_NON_PRINTABLE, text)
    if match is None:  # pragma: no cover - only called after a parser found one
        return ParseError("YAML syntax error: unacceptable character", Location(filename))
    char = match.group()
    return ParseError(
        f"YAML syntax error: character U+{ord(char):04X} is not allowed",
        character_location(text, match.start(), filename, line_offset),
    )


_NON_PRINTABLE = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"

# --- YAML 1.2 core schema ------------------------------------------------------------------

NULL_TAG: Final = "tag:yaml.org,2002:null"
BOOL_TAG: Final = "tag:yaml.org,2002:bool"
INT_TAG: Final = "tag:yaml.org,2002:int"
FLOAT_TAG: Final = "tag:yaml.org,2002:float"

_NULLS = ("", "~", "null", "Null", "NULL")
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False}
_BOOLS["FALSE"] = False
# Plain scalars whose first character is not in here are strings: the common case.
_TYPED_FIRST = frozenset("~nNtTfF-+.0123456789")
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+").fullmatch
_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
).fullmatch


def core_tag(value: str) -> str | None:
    """The core-schema tag of a plain scalar, or None for a string.

    Timestamps and dates are deliberately strings (DESIGN 3.0): the models parse them.
    """
    if value and value[0] not in _TYPED_FIRST:
        return None
    if value in _NULLS:
        return NULL_TAG
    if value in _BOOLS:
        return BOOL_TAG
    if _INT(value):
        return INT_TAG
    if _FLOAT(value):
        return FLOAT_TAG
    return None


class _NumberTooLarge(ValueError):
    pass


def construct_plain(value: str) -> Any:
    """The Python value of a plain (unquoted) scalar under the core schema."""
    if value and value[0] not in _TYPED_FIRST:
        return value
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if _INT(value):
        try:
            if value.startswith("0o"):
                return int(value[2:], 8)
            if value.startswith("0x"):
                return int(value[2:], 16)
            return int(value)
        except ValueError:  # Python's cap on decimal digits (sys.get_int_max_str_digits)
            raise _NumberTooLarge(value) from None
    if _FLOAT(value):
        if value[-1] in "fFnN":  # .inf, -.Inf, .nan ...
            return float(value.replace(".", "", 1))
        return float(value)
    return value


# --- refusals shared with yamlio --------------------------------------------------------------

DIRECTIVE_REFUSED: Final = "YAML directives (%YAML, %TAG) are not allowed"
MULTI_DOC_REFUSED: Final = "a file holds one YAML document; found a second one"
COMPLEX_KEY_REFUSED: Final = "mapping keys must be scalars"
DEPTH_REFUSED: Final = f"data nested deeper than {MAX_DEPTH} levels"


def anchor_refused(anchor: str, alias: bool) -> str:
    sigil = "*" if alias else "&"
    return f"anchors and aliases are not allowed (found {sigil}{anchor})"


def tag_refused(tag: str) -> str:
    if tag.startswith("tag:yaml.org,2002:"):
        tag = "!!" + tag[len("tag:yaml.org,2002:") :]
    return f"explicit tags are not allowed (found {tag})"


def duplicate_refused(key: Any) -> str:
    return f"duplicate key {key!r}" if isinstance(key, str) else f"duplicate key {key}"


def number_refused(value: str) -> str:
    return f"number with {len(value)} characters is too large"


def syntax_error(problem: str | None) -> str:
    # Parser messages can span lines; the CLI prints one line per error.
    return "YAML syntax error: " + " ".join((problem or "invalid YAML").split())


# libyaml and ruamel disagree on where an empty key may stand; no record needs one.
EMPTY_KEY_REFUSED: Final = "empty mapping key"
# Nor on a ':' at the edge of a plain scalar inside [..] or {..} ("[a:]", "[:a]",
# "{a:?: 1}"): both refuse it.
FLOW_COLON_REFUSED: Final = syntax_error(
    "a plain value inside [..] or {..} starts or ends with ':'; quote it"
)
_FLOW_COLON = re.compile(r"^:|:$|:[,?\[\]{}]")


def flow_colon(value: str) -> bool:
    """Whether a plain scalar inside a flow collection falls under FLOW_COLON_REFUSED."""
    return ":" in value and _FLOW_COLON.search(value) is not None


def may_hold_directive(text: str) -> bool:
    """Cheap test: a directive is a '%' at the start of a line."""
    return text.startswith("%") or "\n%" in text or "\r%" in text


# --- the loader -------------------------------------------------------------------------------


class _Refused(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def load_fast(data: bytes | str, filename: str) -> Any:
    """Plain data (dict, list, str, int, float, bool, None) from one YAML file.

    Exactly what ``YamlDocument.parse(text, filename).plain()`` returns, several times
    faster; raises ParseError with file:line:column for anything it refuses.
    """
    return _load(data, filename, 0)


def load_fast_front_matter(data: bytes | str, filename: str) -> Any:
    """Plain data from the YAML front matter of a Markdown file."""
    # markdown imports ruamel only when a document is built, so this stays light.
    from opsledger.store.markdown import split_front_matter

    text = decode_text(data, filename)
    front, _body, line_offset = split_front_matter(text, filename)
    return _load(front, filename, line_offset)


def _load(data: bytes | str, filename: str, line_offset: int) -> Any:
    text = decode_text(data, filename, line_offset)
    api = pyyaml.api()
    try:
        if may_hold_directive(text):
            _refuse_directives(api, text)
        return _build(api, text)
    except _Refused as exc:
        raise ParseError(
            exc.message, location(filename, exc.line, exc.column, line_offset)
        ) from None
    except api.yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (
            location(filename, mark.line, mark.column, line_offset)
            if mark is not None
            else Location(filename)
        )
        raise ParseError(syntax_error(exc.problem or exc.context), where) from None
    except (api.yaml.reader.ReaderError, UnicodeEncodeError):
        raise bad_character(text, filename, line_offset) from None


def _refuse_directives(api: PyYaml, text: str) -> None:
    # Rare path: scan tokens, since a '%' at a line start may also sit inside a quoted scalar.
    scanner = api.parser(text)
    try:
        while (token := scanner.get_token()) is not None:
            if isinstance(token, api.directive_token):
                mark = token.start_mark
                raise _Refused(DIRECTIVE_REFUSED, mark.line, mark.column)
    except api.yaml.MarkedYAMLError as exc:
        # libyaml rejects directive names it does not know before making a token.
        mark = exc.problem_mark
        lines = text.splitlines()
        if mark is not None and mark.line < len(lines) and lines[mark.line].startswith("%"):
            raise _Refused(DIRECTIVE_REFUSED, mark.line, 0) from None
        # Any other syntax error is reported by the real parse.


def _build(api: PyYaml, text: str) -> Any:
    get = api.parser(text).get_event
    scalar, mapping_start, sequence_start = api.scalar, api.mapping_start, api.sequence_start
    mapping_end, sequence_end = api.mapping_end, api.sequence_end
    get()  # stream start
    event: Any = get()
    if type(event) is api.stream_end:
        return None
    # Each open collection is a frame (container, is_mapping, pending key).
    # ``expect_key`` is a unique object meaning "the next node is a key".
    stack: list[tuple[Any, bool, Any]] = []
    expect_key: Any = stack
    # The root value lands in a one-item list, like any list item.
    root: list[Any] = []
    container: Any = root
    is_mapping = False
    key: Any = None
    value: Any
    typed_first = _TYPED_FIRST
    has_tab = "\t" in text
    # Collections inside a flow collection are flow too: one flag and the depth it began at.
    in_flow = False
    flow_base = 0
    try:
        while True:
            event = get()
            kind: Any = event.__class__
            if kind is scalar:
                if event.anchor is not None or event.tag is not None:
                    _refuse_node(event)
                value = event.value
                if has_tab and event.style in _BLOCK_STYLES:
                    _check_block_header(text, event)
                if event.implicit[0]:
                    if in_flow and flow_colon(value):
                        _refuse(FLOW_COLON_REFUSED, event)
                    # Inline test: most plain scalars are strings and skip the call.
                    if not value or value[0] in typed_first:
                        value = construct_plain(value)
            elif kind is mapping_start or kind is sequence_start:
                if event.anchor is not None or event.tag is not None:
                    _refuse_node(event)
                if is_mapping and key is expect_key:
                    _refuse(COMPLEX_KEY_REFUSED, event)
                if len(stack) >= MAX_DEPTH:
                    _refuse(DEPTH_REFUSED, event)
                if not in_flow and event.flow_style:
                    in_flow, flow_base = True, len(stack)
                stack.append((container, is_mapping, key))
                if kind is mapping_start:
                    container, is_mapping, key = {}, True, expect_key
                else:
                    container, is_mapping = [], False
                continue
            elif kind is mapping_end or kind is sequence_end:
                value = container
                container, is_mapping, key = stack.pop()
                if in_flow and len(stack) == flow_base:
                    in_flow = False
            elif kind is api.alias:
                _refuse(anchor_refused(event.anchor, True), event)
            else:  # document end
                event = get()
                if type(event) is not api.stream_end:
                    _refuse(MULTI_DOC_REFUSED, event)
                return root[0]
            if is_mapping:
                if key is expect_key:
                    if value in container:
                        _refuse(duplicate_refused(value), event)
                    if value is None and not event.value and event.implicit[0]:
                        _refuse(EMPTY_KEY_REFUSED, event)
                    key = value
                else:
                    container[key] = value
                    key = expect_key
            else:
                container.append(value)
    except _NumberTooLarge as exc:
        _refuse(number_refused(str(exc)), event)


_BLOCK_STYLES = ("|", ">")


def _check_block_header(text: str, event: Any) -> None:
    """ruamel refuses a tab on a "|" or ">" header line, libyaml takes it: refuse too."""
    start = event.start_mark.index
    end = text.find("\n", start)
    header = text[start : end if end >= 0 else len(text)].split("#", 1)[0]
    if "\t" in header:
        _refuse(syntax_error("found a tab on a block scalar's header line"), event)


def _refuse_node(event: Any) -> NoReturn:
    if event.anchor is not None:
        _refuse(anchor_refused(event.anchor, False), event)
    _refuse(tag_refused(event.tag), event)


def _refuse(message: str, event: Any) -> NoReturn:
    mark = event.start_mark
    raise _Refused(message, mark.line, mark.column)


# --- positions --------------------------------------------------------------------------------

# A node's (0-based line, column, children): children are None for a scalar, a list of
# nodes for a sequence, and key -> (key line, key column, node) for a mapping.
_Node = tuple[int, int, Any]
_NO_KEY: Final = object()
_COMPLEX_KEY: Final = object()  # a collection used as a key: refused, never looked up


class Marks:
    """Where each node of one YAML document starts, for pointing findings at file:line:col.

    Built by one more pass of the C parser over a file that has findings (~0.5 ms for
    5 KB, against ~30 ms for the round-trip parser), and answering exactly as
    ``YamlDocument.position`` and ``key_position`` do: the deepest part of the key path
    that exists, the value's start (or the key's, or a list item's).
    """

    __slots__ = ("_line_offset", "_root")

    def __init__(self, root: _Node, line_offset: int) -> None:
        self._root = root
        self._line_offset = line_offset

    def position(
        self, keypath: Sequence[str | int], *, key: bool = False
    ) -> tuple[int, int] | None:
        """1-based (line, column), or None when the document is not a collection."""
        node = self._root
        children = node[2]
        if children is None:
            return None
        found = (node[0], node[1])
        for part in keypath:
            if isinstance(children, dict):
                entry = cast(dict[Any, tuple[int, int, _Node]], children).get(part)
                if entry is None:
                    break
                node = entry[2]
                found = (entry[0], entry[1]) if key else (node[0], node[1])
            elif (
                isinstance(children, list) and isinstance(part, int) and not isinstance(part, bool)
            ):
                items = cast(list[_Node], children)
                index = part + len(items) if part < 0 else part
                if not 0 <= index < len(items):
                    break
                node = items[index]
                found = (node[0], node[1])
            else:
                break
            children = node[2]
        return found[0] + 1 + self._line_offset, found[1] + 1


def marks(data: bytes | str, filename: str, *, front_matter: bool = False) -> Marks | None:
    """The node positions of a YAML file (or of a Markdown file's front matter); None when
    it does not parse (its own finding says why)."""
    api = pyyaml.api()
    try:
        if front_matter:
            from opsledger.store.markdown import split_front_matter

            text, _body, line_offset = split_front_matter(decode_text(data, filename), filename)
        else:
            text, line_offset = decode_text(data, filename), 0
        root = _marks(api, text)
    except (ParseError, RecursionError, UnicodeEncodeError, api.yaml.YAMLError):
        return None
    return Marks(root, line_offset)


def _marks(api: PyYaml, text: str) -> _Node:
    get = api.parser(text).get_event
    scalar, mapping_start, sequence_start = api.scalar, api.mapping_start, api.sequence_start
    typed_first = _TYPED_FIRST
    get()  # stream start
    event: Any = get()
    if type(event) is api.stream_end:
        return (0, 0, None)  # nothing to point at but the file
    # Frames as in _build: (container, is_mapping, pending key, the collection's node).
    stack: list[tuple[Any, bool, Any, _Node]] = []
    root: list[_Node] = []
    container: Any = root
    is_mapping = False
    pending: Any = _NO_KEY
    node: _Node
    in_flow, flow_base = False, 0
    empty: tuple[dict[Any, Any], Any, int] | None = None  # see _empty_value
    while True:
        event = get()
        kind: Any = event.__class__
        mark = event.start_mark
        if empty is not None:
            _empty_value(text, *empty, mark, key_follows=kind is not api.mapping_end)
            empty = None
        if kind is scalar:
            node = (mark.line, mark.column, None)
            if is_mapping:
                if pending is _NO_KEY:
                    value = event.value
                    if event.implicit[0] and (not value or value[0] in typed_first):
                        with suppress(_NumberTooLarge):  # refused by the loader
                            value = construct_plain(value)
                    pending = (value, mark.line, mark.column)
                    continue
                if mark.index == event.end_mark.index and pending[0] not in container:
                    if in_flow:
                        node = _after_colon(text, mark.index) or node
                    else:
                        empty = (container, pending[0], mark.index)
        elif kind is mapping_start or kind is sequence_start:
            if not in_flow and event.flow_style:
                in_flow, flow_base = True, len(stack)
            node = (mark.line, mark.column, {} if kind is mapping_start else [])
            stack.append((container, is_mapping, pending, node))
            container, is_mapping, pending = node[2], kind is mapping_start, _NO_KEY
            continue
        elif kind is api.mapping_end or kind is api.sequence_end:
            container, is_mapping, pending, node = stack.pop()
            if in_flow and len(stack) == flow_base:
                in_flow = False
            if is_mapping and pending is _NO_KEY:
                pending = (_COMPLEX_KEY, node[0], node[1])
                continue
        elif kind is api.alias:
            node = (mark.line, mark.column, None)
            if is_mapping and pending is _NO_KEY:
                pending = (_COMPLEX_KEY, mark.line, mark.column)
                continue
        else:  # document end
            return root[0]
        if is_mapping:
            if pending[0] not in container:  # the first of duplicate keys, as ruamel keeps
                container[pending[0]] = (pending[1], pending[2], node)
            pending = _NO_KEY
        else:
            container.append(node)


# An empty value ("key:" and nothing) has no text of its own, and the two parsers place it
# differently; the round-trip parser's place is the one findings have always pointed at.


def _empty_value(
    text: str, mapping: dict[Any, Any], key: Any, colon_end: int, mark: Any, *, key_follows: bool
) -> None:
    """In a block mapping: where the next token starts, unless a comment follows the colon
    on its line and another key comes next (then the colon's end, as libyaml has it)."""
    line_end = text.find("\n", colon_end)
    rest = text[colon_end : line_end if line_end >= 0 else len(text)]
    if key_follows and rest.lstrip(" \t").startswith("#"):
        return
    line, column = mark.line, mark.column
    if mark.index >= len(text):  # libyaml ends the stream on a line of its own
        line = text.count("\n")
        column = len(text) - (text.rfind("\n") + 1)
    key_line, key_column, _node = mapping[key]
    mapping[key] = (key_line, key_column, (line, column, None))


def _after_colon(text: str, index: int) -> _Node | None:
    """In a flow collection: the end of the colon before ``index`` (libyaml has the start of
    the next token)."""
    at = index - 1
    while at >= 0 and text[at] in " \t\r\n":
        at -= 1
    if at < 0 or text[at] != ":":
        return None
    line_start = text.rfind("\n", 0, at + 1) + 1
    return (text.count("\n", 0, at + 1), at + 1 - line_start, None)
