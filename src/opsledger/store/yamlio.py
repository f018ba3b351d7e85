"""Round-trip YAML: read a ledger file, edit it, write back only what changed.

The only module that imports ruamel.yaml. Loading is safe and YAML 1.2 strict (see
``fastload`` for the shared core schema): anchors, aliases, tags and directives are
refused, duplicate keys and over-deep nesting are errors, timestamps stay strings. Every
refusal is a ParseError at file:line:column.

Editing keeps comments, key order, quoting, flow/block style and blank lines. ruamel
forgets a few spellings on its own (``null`` vs ``~`` vs empty, ``True``, ``+5``) and
hangs the comment lines *between* two entries onto the first of them; both are handled
here so that an edit changes only the lines it must.
"""

from __future__ import annotations

import codecs
import io
import os
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from enum import Enum
from pathlib import Path
from typing import Any, cast

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.emitter import RoundTripEmitter
from ruamel.yaml.error import CommentMark, MarkedYAMLError
from ruamel.yaml.events import (
    AliasEvent,
    ScalarEvent,
    StreamEndEvent,
)
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import BaseResolver
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    ScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.scanner import RoundTripScanner
from ruamel.yaml.tag import Tag
from ruamel.yaml.tokens import CommentToken

from opsledger.model.errors import Location, ParseError
from opsledger.store.fastload import (
    COMPLEX_KEY_REFUSED,
    DEPTH_REFUSED,
    DIRECTIVE_REFUSED,
    EMPTY_KEY_REFUSED,
    FLOW_COLON_REFUSED,
    INT_TAG,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MULTI_DOC_REFUSED,
    anchor_refused,
    bad_character,
    check_size,
    construct_plain,
    core_tag,
    decode_text,
    duplicate_refused,
    flow_colon,
    location,
    number_refused,
    syntax_error,
    tag_refused,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "KeyPath",
    "YamlDocument",
    "new_document",
    "parse_value",
]

KeyPath = Sequence[str | int]

# Wide enough that the emitter never folds a long line.
_NEVER_WRAP = 1 << 30
_DEFAULT_INDENT = (2, 4, 2)  # mapping, sequence, dash offset: "key:\n  - item"
# Strings a YAML 1.1 reader (yamllint, older tools) would take for booleans; new values
# like these are quoted so every tool reads a string.
_YAML11_BOOLS = frozenset(
    spell(word)
    for word in ("y", "yes", "n", "no", "on", "off")
    for spell in (str.lower, str.capitalize, str.upper)
)

# --- the safe, strict loader ---------------------------------------------------------------


_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_BREAKS = "\r\n\x85\u2028\u2029"
_END_SPACE_TAB = "\0 \t\r\n\x85\u2028\u2029"
_TAB_INDENT = syntax_error("found a tab character that violates indentation")
_BAD_ESCAPE = syntax_error("found invalid Unicode character escape code")


class _Refused(Exception):
    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark


# ruamel's internals are untyped: the subclasses below reach them through ``Any`` views
# (``_any(self)``, ``_any(super())``) rather than silencing the type checker file-wide.


def _any(value: object) -> Any:
    return value


class _Resolver(BaseResolver):
    """YAML 1.2 core schema from ``fastload``; used for loading and for dumping (where it
    decides which strings need quotes)."""

    def __init__(self, version: Any = None, loader: Any = None, loadumper: Any = None) -> None:
        _any(super()).__init__(loader if loader is not None else loadumper)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode:
            if implicit[0]:
                tag = core_tag(value)
                if tag is not None:
                    return Tag(suffix=tag)
            return self.DEFAULT_SCALAR_TAG
        if kind is SequenceNode:
            return self.DEFAULT_SEQUENCE_TAG
        return self.DEFAULT_MAPPING_TAG

    @property
    def processing_version(self) -> Any:
        return (1, 2)


class _Scanner(RoundTripScanner):
    def fetch_directive(self) -> None:
        raise _Refused(DIRECTIVE_REFUSED, _any(self).reader.get_mark())

    def scan_to_next_token(self) -> Any:
        # libyaml (fastload) lets tabs separate tokens wherever a simple key cannot start
        # ("a:<TAB>b", a trailing tab); ruamel only inside [..] and {..}. Follow libyaml.
        me = _any(self)
        if not me.flow_level and not me.allow_simple_key:
            reader = me.reader
            while reader.peek() in " \t":
                reader.forward()
        return _any(super()).scan_to_next_token()

    def scan_plain_spaces(self, indent: Any, start_mark: Any) -> Any:
        # ruamel's own, with libyaml's rule that tabs are blanks inside a plain scalar too
        # ("a: x<TAB>y" is "x<TAB>y"), except as indentation.
        me = _any(self)
        reader = me.reader
        peek = reader.peek
        chunks: list[str] = []
        length = 0
        while peek(length) in " \t":
            length += 1
        whitespaces = reader.prefix(length)
        reader.forward(length)
        if peek() not in _LINE_BREAKS:
            if whitespaces:
                chunks.append(whitespaces)
            return chunks
        line_break = me.scan_line_break()
        me.allow_simple_key = True
        if reader.prefix(3) in ("---", "...") and peek(3) in _END_SPACE_TAB:
            return None
        breaks: list[str] = []
        while peek() in " \t" + _LINE_BREAKS:
            if peek() == " ":
                reader.forward()
            elif peek() == "\t":
                if reader.column < indent:
                    raise _Refused(_TAB_INDENT, reader.get_mark())
                reader.forward()
            else:
                breaks.append(me.scan_line_break())
                if reader.prefix(3) in ("---", "...") and peek(3) in _END_SPACE_TAB:
                    return None
        if line_break != "\n":
            chunks.append(line_break)
        elif not breaks:
            chunks.append(" ")
        chunks.extend(breaks)
        return chunks


class _Composer(Composer):
    """Refuses unsafe nodes before anything is built from them."""

    def __init__(self, loader: Any = None) -> None:
        _any(super()).__init__(loader)
        self.collection_depth = 0
        self.flow_depth = 0
        self.root: Any = None

    def get_single_node(self) -> Any:
        parser = _any(self).parser
        parser.get_event()  # stream start
        node: Any = None
        if not parser.check_event(StreamEndEvent):
            node = _any(self).compose_document()
        if not parser.check_event(StreamEndEvent):
            raise _Refused(MULTI_DOC_REFUSED, parser.peek_event().start_mark)
        parser.get_event()
        self.root = node
        return node

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = _any(self).parser.peek_event()
        kind: Any = event.__class__
        if kind is AliasEvent:
            raise _Refused(anchor_refused(str(event.anchor), True), event.start_mark)
        if event.anchor is not None:
            raise _Refused(anchor_refused(str(event.anchor), False), event.start_mark)
        if event.ctag is not None:
            raise _Refused(tag_refused(str(event.ctag)), event.start_mark)
        if kind is ScalarEvent:
            if self.flow_depth and event.style is None and flow_colon(event.value):
                raise _Refused(FLOW_COLON_REFUSED, event.start_mark)
            if event.style == '"' and _SURROGATE.search(event.value):
                # "\ud800" escapes: libyaml refuses them, ruamel would build a string that
                # cannot be written back as UTF-8.
                raise _Refused(_BAD_ESCAPE, event.start_mark)
            return _any(super()).compose_node(parent, index)
        # A collection: the only kind of event left.
        if self.collection_depth >= MAX_DEPTH:
            raise _Refused(DEPTH_REFUSED, event.start_mark)
        flow = 1 if event.flow_style else 0
        self.collection_depth += 1
        self.flow_depth += flow
        try:
            return _any(super()).compose_node(parent, index)
        finally:
            self.collection_depth -= 1
            self.flow_depth -= flow

    def compose_mapping_node(self, anchor: Any) -> Any:
        node = _any(super()).compose_mapping_node(anchor)
        for key_node, _value in node.value:
            key = _any(key_node)
            if key.__class__ is not ScalarNode:
                raise _Refused(COMPLEX_KEY_REFUSED, key.start_mark)
            if key.value == "" and key.style is None:
                raise _Refused(EMPTY_KEY_REFUSED, key.start_mark)
        return node


class _Constructor(RoundTripConstructor):
    def check_mapping_key(
        self, node: Any, key_node: Any, mapping: Any, key: Any, value: Any
    ) -> bool:
        if key in mapping:
            raise _Refused(duplicate_refused(key), key_node.start_mark)
        return True

    def construct_yaml_int(self, node: Any) -> Any:
        try:
            return _any(super()).construct_yaml_int(node)
        except ValueError:  # Python's cap on decimal digits
            raise _Refused(number_refused(str(node.value)), node.start_mark) from None


class _Verbatim(str):
    """A typed scalar written back exactly as the source spelled it (``~``, ``True``)."""

    tag: str


class _Emitter(RoundTripEmitter):
    def analyze_scalar(self, scalar: Any) -> Any:
        analysis = _any(super()).analyze_scalar(scalar)
        # ruamel writes "?x" and ":x" plain inside [..] and {..}, where every parser reads
        # the first character as an indicator: quote them there.
        if scalar[:1] in ("?", ":"):
            analysis.allow_flow_plain = False
        return analysis


class _Representer(RoundTripRepresenter):
    def ignore_aliases(self, data: Any) -> bool:
        # Never write anchors: we refuse them on reading, so repeat shared objects instead.
        return True

    def represent_verbatim(self, data: _Verbatim) -> Any:
        return _any(self).represent_scalar(data.tag, str(data))


_any(_Representer).add_representer(_Verbatim, _Representer.represent_verbatim)
# ruamel dispatches on a table filled with its own functions; point it at the override.
_any(_Constructor).add_constructor(INT_TAG, _Constructor.construct_yaml_int)


def _yaml(indent: tuple[int, int, int] = _DEFAULT_INDENT) -> YAML:
    # A fresh instance per call: ruamel's YAML objects carry parse state.
    yaml = YAML(typ="rt")
    yaml.Resolver = _Resolver
    yaml.Scanner = _Scanner
    yaml.Composer = _Composer
    yaml.Constructor = _Constructor
    yaml.Representer = _Representer
    yaml.Emitter = _Emitter
    yaml.preserve_quotes = True
    yaml.allow_duplicate_keys = False
    yaml.width = _NEVER_WRAP
    # "[{id: 1}]", never the legal but surprising "[id: 1]".
    yaml.brace_single_entry_mapping_in_flow_sequence = True
    mapping, sequence, offset = indent
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _load(text: str, filename: str, line_offset: int) -> tuple[Any, Any]:
    """(data, root node) of a document; raises ParseError."""
    yaml = _any(_yaml())
    try:
        data = yaml.load(text)
        return data, cast(_Composer, yaml.composer).root
    except _Refused as exc:
        mark = exc.mark
        raise ParseError(
            exc.message, location(filename, mark.line, mark.column, line_offset)
        ) from None
    except MarkedYAMLError as exc:
        error = _any(exc)
        mark = error.problem_mark or error.context_mark
        where = (
            location(filename, mark.line, mark.column, line_offset)
            if mark is not None
            else Location(filename)
        )
        raise ParseError(syntax_error(error.problem or error.context), where) from None
    except ReaderError:
        raise bad_character(text, filename, line_offset) from None


# --- the document ---------------------------------------------------------------------------


class YamlDocument:
    """One YAML file, loaded for round-trip editing.

    ``data`` is ruamel's tree (CommentedMap / CommentedSeq and scalar subclasses); use
    ``plain()`` for validation and ``get``/``set``/``append``/``delete`` for edits.
    """

    def __init__(
        self,
        data: Any,
        filename: str,
        *,
        source: str = "",
        line_offset: int = 0,
        node: Any = None,
    ) -> None:
        self.data: Any = data
        self.filename = filename
        self.line_offset = line_offset
        self._source = source
        self._crlf = "\r\n" in source
        self._indent = _guess_indent(data) if node is not None else _DEFAULT_INDENT
        self._spellings: list[_Spelling] = []
        if node is not None:
            _record_spellings(node, data, self._spellings)
        self._header: str | None = None
        self._bom = False

    # construction

    @classmethod
    def parse(cls, text: str, filename: str, *, line_offset: int = 0) -> YamlDocument:
        """Parse YAML text; ``line_offset`` shifts reported lines (front matter)."""
        bom = text.startswith("\ufeff")
        text = decode_text(text, filename, line_offset)
        data, node = _load(text, filename, line_offset)
        doc = cls(data, filename, source=text, line_offset=line_offset, node=node)
        doc._bom = bom
        return doc

    @classmethod
    def read(cls, path: Path, display: str | None = None) -> YamlDocument:
        """Read a file; ``display`` is the name errors use (e.g. ledger-relative path)."""
        filename = display if display is not None else str(path)
        data = _read_bytes(path, filename)
        text = decode_text(data, filename)
        if data.startswith(codecs.BOM_UTF8):
            text = "\ufeff" + text
        return cls.parse(text, filename)

    # output

    def dump(self) -> str:
        """The document as text: unchanged parts as they were, new parts in house style."""
        if self.data is None:
            return self._source
        yaml = _any(_yaml(self._indent))
        out = io.StringIO()
        restore = _apply_spellings(self._spellings)
        try:
            yaml.dump(self.data, out)
        finally:
            for container, key, value in restore:
                _raw_set(container, key, value)
        text = out.getvalue()
        if self._header is not None:
            text = self._header + text
        if self._crlf:
            text = text.replace("\n", "\r\n")
        return "\ufeff" + text if self._bom else text

    def plain(self) -> Any:
        """A deep copy as plain dict / list / str / int / float / bool / None."""
        return _plain(self.data)

    # access and edits

    def get(self, keypath: KeyPath) -> Any:
        """The value at ``keypath``; KeyError / IndexError when missing."""
        value = self.data
        for part in keypath:
            value = _child(value, part)
        return value

    def set(self, keypath: KeyPath, value: Any) -> None:
        """Set a value, creating missing intermediate mappings; new keys go last."""
        if not keypath:
            raise KeyError("an empty key path names the whole document")
        if self.data is None:
            self.data = CommentedMap()
        node = self.data
        for depth, part in enumerate(keypath[:-1]):
            try:
                node = _child(node, part)
            except KeyError:
                if not isinstance(node, CommentedMap):
                    raise
                # Build the missing branch whole, so it is added (and comments moved) once.
                for inner in reversed(keypath[depth + 1 :]):
                    value = {inner: value}
                _add_key(node, part, _convert(value, flow=_is_flow(node), item=False))
                return
        last = keypath[-1]
        if isinstance(node, CommentedSeq):
            index = _index(node, last)
            _raw_set(node, index, _styled(node[index], value, flow=_is_flow(node), item=True))
        elif isinstance(node, CommentedMap):
            if last in node:
                _raw_set(node, last, _styled(node[last], value, flow=_is_flow(node), item=False))
            else:
                flow = _is_flow(node) or _like_siblings(node, value)
                _add_key(node, last, _convert(value, flow=flow, item=False))
        else:
            raise TypeError(f"{_show(keypath[:-1])} is not a mapping or list")

    def append(self, keypath: KeyPath, item: Any) -> None:
        """Append to the list at ``keypath``, creating it when missing."""
        try:
            target = self.get(keypath)
        except (KeyError, IndexError):
            self.set(keypath, [item])
            return
        if not isinstance(target, CommentedSeq):
            raise TypeError(f"{_show(keypath)} is not a list")
        seq = _any(target)
        if not seq:
            # A "[]" waiting for its first entry has no style yet: pick it as for a new list.
            _set_flow(seq, _is_scalar(item) and not _multiline(item))
        flow = _is_flow(seq)
        seq.append(_convert(item, flow=flow, item=True))
        if len(seq) > 1:
            _move_trailing(seq, len(seq) - 2, len(seq) - 1)

    def delete(self, keypath: KeyPath) -> None:
        """Remove the entry at ``keypath``; comment lines that belong to the entry after it
        are kept."""
        if not keypath:
            raise KeyError("an empty key path names the whole document")
        parent = self.get(keypath[:-1])
        last = keypath[-1]
        if isinstance(parent, CommentedSeq):
            index = _index(parent, last)
            lines = _take_trailing(parent, index)
            del parent[index]
            if lines and index > 0:
                _put_trailing(parent, index - 1, lines)
            elif lines and parent:
                _put_before(parent, 0, lines)
            return
        if not isinstance(parent, CommentedMap):
            raise TypeError(f"{_show(keypath[:-1])} is not a mapping or list")
        if last not in parent:
            raise KeyError(last)
        keys: list[Any] = list(_any(parent))
        position = keys.index(last)
        lines = _take_trailing(parent, last)
        del parent[last]
        _comments(parent).items.pop(last, None)
        if lines and position > 0:
            _put_trailing(parent, keys[position - 1], lines)
        elif lines and len(keys) > 1:
            _put_before(parent, keys[1], lines)

    # positions

    def position(self, keypath: KeyPath) -> tuple[int, int] | None:
        """1-based (line, column) of the value at ``keypath``, or of the nearest ancestor
        that exists in the source; None when nothing does."""
        return self._locate(keypath, value=True)

    def key_position(self, keypath: KeyPath) -> tuple[int, int] | None:
        """Like ``position`` but for the key (for a list item: the item)."""
        return self._locate(keypath, value=False)

    def location(self, keypath: KeyPath) -> Location:
        """``position`` as a Location in this document's file."""
        where = self.position(keypath)
        if where is None:
            return Location(self.filename)
        return Location(self.filename, where[0], where[1])

    # internals

    def _locate(self, keypath: KeyPath, *, value: bool) -> tuple[int, int] | None:
        found: tuple[int, int] | None = None
        if isinstance(self.data, (CommentedMap, CommentedSeq)):
            found = _lc_start(self.data)
        node = self.data
        for part in keypath:
            here = _lc_entry(node, part, value=value)
            try:
                node = _child(node, part)
            except (KeyError, IndexError, TypeError):
                break
            if here is None:
                break
            found = here
        if found is None:
            return None
        return found[0] + 1 + self.line_offset, found[1] + 1


def new_document(data: Mapping[str, Any], filename: str, header: str | None = None) -> YamlDocument:
    """A document for a new file, in house style; ``header`` is a comment line on top."""
    doc = YamlDocument(_convert(dict(data), flow=False, item=False), filename)
    if header is not None:
        lines = header.splitlines() or [""]
        doc._header = "".join(  # pyright: ignore[reportPrivateUsage]
            (line if line.startswith("#") else f"# {line}".rstrip()) + "\n" for line in lines
        )
    return doc


def parse_value(text: str, source: str = "<value>") -> Any:
    """A value typed on the command line (``task set ID key=value``).

    Numbers, booleans and null follow the YAML 1.2 core schema ("3" is 3, "NO" stays
    "NO"); text starting with ``[``, ``{`` or a quote must be a YAML flow value or quoted
    string; anything else is the string as typed (so ``fix #12`` keeps its ``#``).
    """
    if not text:
        return ""
    if text[0] not in "[{\"'":
        if text.strip() != text:
            return text
        try:
            return construct_plain(text)
        except ValueError:  # Python's cap on decimal digits
            raise ParseError(number_refused(text), Location(source, 1, 1)) from None
    doc = YamlDocument.parse(text, source)
    # Text that starts with "[" or "{" parses to that flow collection or fails; after a
    # quote, a collection means a block mapping such as '"a": b'.
    if _is_collection(doc.data) and text[0] in "\"'":
        raise ParseError(
            "expected a single flow value such as [a, b] or {a: 1}", Location(source, 1, 1)
        )
    return doc.plain()


# --- helpers: files -----------------------------------------------------------------------------


def _read_bytes(path: Path, filename: str) -> bytes:
    try:
        with path.open("rb") as handle:
            # Refuse an oversized file from its size, without reading it.
            check_size(os.fstat(handle.fileno()).st_size, filename)
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ParseError(f"cannot read file: {exc.strerror or exc}", Location(filename)) from None


# --- helpers: plain values -------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {_plain(k): _plain(v) for k, v in cast(Mapping[Any, Any], value).items()}
    if isinstance(value, list):
        return [_plain(v) for v in cast(list[Any], value)]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):  # also ruamel's ScalarInt / HexInt ...
        return int(value)
    if isinstance(value, float):
        return float(value)
    raise TypeError(f"unexpected {type(value).__name__} in a YAML tree")  # pragma: no cover


def _child(node: Any, part: str | int) -> Any:
    if isinstance(node, Mapping):
        if part not in node:
            raise KeyError(part)
        return cast(Mapping[Any, Any], node)[part]
    if isinstance(node, list) and isinstance(part, int) and not isinstance(part, bool):
        return cast(list[Any], node)[part]
    raise KeyError(part)


def _index(seq: CommentedSeq, part: str | int) -> int:
    if not isinstance(part, int) or isinstance(part, bool):
        raise KeyError(part)
    length = len(seq)
    index = part + length if part < 0 else part
    if not 0 <= index < length:
        raise IndexError(part)
    return index


def _show(keypath: KeyPath) -> str:
    return ".".join(str(p) for p in keypath) or "the document"


def _last_key(mapping: Any) -> Any:
    return next(reversed(mapping), None) if len(mapping) else None


# ruamel's comment and position attributes are untyped; these accessors take Any so that
# isinstance() narrowing elsewhere does not turn every use into an "unknown member".


def _is_flow(node: Any) -> bool:
    return bool(node.fa.flow_style())


def _set_flow(node: Any, flow: bool) -> None:
    if flow:
        node.fa.set_flow_style()
    else:
        node.fa.set_block_style()


def _comments(node: Any) -> Any:
    return node.ca


def _lc(node: Any) -> Any:
    return node.lc


def _slot(container: Any) -> int:
    """Index, in a comment entry, of the comment after a mapping value or list item."""
    return 2 if isinstance(container, CommentedMap) else 0


def _is_collection(value: Any) -> bool:
    return isinstance(value, (CommentedMap, CommentedSeq))


def _is_block_scalar(value: Any) -> bool:
    return isinstance(value, (LiteralScalarString, FoldedScalarString))


# --- helpers: converting new values ------------------------------------------------------------


def _styled(old: Any, new: Any, *, flow: bool, item: bool) -> Any:
    """``new`` converted, keeping what can be kept of the style of the value it replaces:
    the quotes of a string, the block style of a collection."""
    converted = _convert(new, flow=flow, item=item)
    if type(converted) is str and isinstance(
        old, (SingleQuotedScalarString, DoubleQuotedScalarString)
    ):
        return type(old)(converted)
    if (
        _is_collection(old)
        and type(old) is type(converted)
        and converted is not new
        and (not _is_flow(old) or _flowable(new))
    ):
        _set_flow(converted, _is_flow(old))
    return converted


def _like_siblings(mapping: Any, value: Any) -> bool:
    """Whether a new mapping value should be flow because every mapping beside it is, as
    in ``components: {a: {kind: db}, b: {kind: vm}}`` (Appendix A inventory)."""
    if not isinstance(value, Mapping) or not _flowable(value):
        return False
    siblings = [v for v in mapping.values() if isinstance(v, CommentedMap)]
    return bool(siblings) and all(_is_flow(v) for v in siblings)


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool, Enum))


def _flowable(value: Any, depth: int = 0) -> bool:
    """Small enough to sit on one line inside a list item: ``- {id: x, redacted: {a: b}}``."""
    if _is_scalar(value):
        return True
    if depth >= 2:
        return False
    if isinstance(value, Mapping):
        return all(_flowable(v, depth + 1) for v in cast(Mapping[Any, Any], value).values())
    if isinstance(value, (list, tuple)):
        return all(_flowable(v, depth + 1) for v in cast(Sequence[Any], value))
    return False


def _convert(value: Any, *, flow: bool, item: bool) -> Any:
    """A plain value as ruamel nodes in house style (Appendix A of DESIGN.md).

    Lists of scalars are flow (``[a, b]``); a mapping that is a list item is flow when it
    is small (``- {id: x, at: ...}``), other mappings are block; multi-line strings are
    literal blocks, or double-quoted inside flow collections where blocks cannot go.
    """
    if isinstance(value, (CommentedMap, CommentedSeq, ScalarString, _Verbatim)):
        return value
    if isinstance(value, Enum):
        return _convert(value.value, flow=flow, item=item)
    if isinstance(value, str):
        text = str(value)
        if "\n" in text:
            literal = not flow and _LITERAL_SAFE.fullmatch(text) is not None
            return LiteralScalarString(text) if literal else DoubleQuotedScalarString(text)
        if text in _YAML11_BOOLS:
            return SingleQuotedScalarString(text)
        return text
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, Mapping):
        mapping = CommentedMap()
        as_flow = flow or (item and _flowable(value))
        for key, child in cast(Mapping[Any, Any], value).items():
            mapping[_convert(key, flow=True, item=False)] = _convert(
                child, flow=as_flow, item=False
            )
        _set_flow(mapping, as_flow)
        return mapping
    if isinstance(value, (list, tuple)):
        items = cast(Sequence[Any], value)
        as_flow = flow or all(_is_scalar(v) and not _multiline(v) for v in items)
        seq = CommentedSeq(_convert(v, flow=as_flow, item=True) for v in items)
        _set_flow(seq, as_flow)
        return seq
    raise TypeError(f"cannot write a {type(value).__name__} to YAML")


# What a "|" block carries unchanged: printable characters, tabs and "\n" line breaks
# (a reader turns "\r\n" and the Unicode line separators into "\n").
_LITERAL_SAFE = re.compile(
    "[\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*"
)


def _multiline(value: Any) -> bool:
    return isinstance(value, str) and "\n" in value


# --- helpers: spellings of typed scalars -------------------------------------------------------

STR_TAG = "tag:yaml.org,2002:str"
# (container, key, value as loaded, source text, tag)
_Spelling = tuple[Any, Any, Any, str, str]


def _record_spellings(node: Any, data: Any, out: list[_Spelling]) -> None:
    """Remember typed plain scalars that ruamel would re-spell (``~``, ``True``, ``+5``)."""
    stack: list[tuple[Any, Any]] = [(node, data)]
    while stack:
        node, data = stack.pop()
        children: list[Any] = list(node.value) if _is_collection_node(node) else []
        if isinstance(data, CommentedMap):
            keys: list[Any] = list(_any(data))
            children = [value_node for _key_node, value_node in children]
        else:
            keys = list(range(len(children)))
        for child, key in zip(children, keys, strict=True):
            value: Any = _any(data)[key]
            if not isinstance(child, ScalarNode):
                stack.append((child, value))
                continue
            scalar: Any = child
            tag = str(scalar.tag)
            if scalar.style is None and tag != STR_TAG and str(scalar.value) != _canonical(value):
                out.append((data, key, value, str(scalar.value), tag))


def _is_collection_node(node: Any) -> bool:
    return isinstance(node, (MappingNode, SequenceNode))


def _canonical(value: Any) -> str:
    if value is None:
        # ruamel writes None as "" but, with aliases off, as "null" at times; new values
        # get "null", so every existing one is kept as spelled, even "".
        return "\0"
    if isinstance(value, bool):
        return "true" if value else "false"
    if type(value) is int:
        return str(value)
    return "\0"  # ScalarInt / ScalarFloat: always keep the source text


def _raw_set(container: Any, key: Any, value: Any) -> None:
    """Replace an entry through the plain dict/list methods: ruamel's own force the old
    string style (quotes, a "|" block) onto the new value."""
    if isinstance(container, CommentedMap):
        _any(super(CommentedMap, container)).__setitem__(key, value)
    else:
        list[Any].__setitem__(container, key, value)


def _apply_spellings(
    spellings: list[_Spelling],
) -> list[tuple[Any, Any, Any]]:
    restore: list[tuple[Any, Any, Any]] = []
    for container, key, original, text, tag in spellings:
        try:
            current = container[key]
        except (KeyError, IndexError):
            continue
        if type(current) is not type(original) or current != original:
            continue
        verbatim = _Verbatim(text)
        verbatim.tag = tag
        _raw_set(container, key, verbatim)
        restore.append((container, key, current))
    return restore


# --- helpers: comments between entries ----------------------------------------------------------
#
# ruamel stores "  # eol\n\n# about the next key\n" as one token on the entry *before* the
# comment. When an entry is added after it, or it is deleted, the lines after its end-of-line
# part must travel to the new last entry (or the previous one).


def _entry_token(container: Any, key: Any) -> Any:
    entry = _comments(container).items.get(key)
    return None if entry is None else entry[_slot(container)]


def _tail(container: Any, key: Any) -> tuple[list[Any], Any, Any]:
    """Where the subtree at ``container[key]`` ends: the block collections entered on the
    way down, and the (container, key) of its last scalar or flow entry."""
    path: list[Any] = []
    value = container[key]
    while _is_collection(value) and value and not _is_flow(value):
        path.append(value)
        container = value
        key = _last_key(value) if isinstance(value, CommentedMap) else len(value) - 1
        value = container[key]
    return path, container, key


def _take_trailing(container: Any, key: Any) -> str:
    """Detach and return the full comment lines after the entry ``container[key]``."""
    path, owner, last = _tail(container, key)
    rest = ""
    token = _entry_token(owner, last)
    if token is not None:
        text: str = token.value
        # A block scalar's own text ends its last line; other values have the rest of
        # their line (maybe an end-of-line comment) first.
        cut = 0 if _is_block_scalar(owner[last]) else text.find("\n") + 1 or len(text)
        rest = text[cut:]
        if rest:
            token.value = text[:cut]
            if not token.value:
                _comments(owner).items[last][_slot(owner)] = None
    # Comments after the last item of a collection live in its ``end``, innermost first.
    for node in [owner[last], *reversed(path)]:
        if _is_collection(node) and _comments(node).end:
            rest += "".join(str(t.value) for t in _comments(node).end)
            _comments(node).end = []
    return rest


def _put_trailing(container: Any, key: Any, lines: str) -> None:
    """Attach full comment lines after the entry ``container[key]``."""
    _path, owner, last = _tail(container, key)
    token = _entry_token(owner, last)
    if token is None:
        token = CommentToken("" if _is_block_scalar(owner[last]) else "\n", CommentMark(0), None)
        entry = _comments(owner).items.setdefault(last, [None, None, None, None])
        entry[_slot(owner)] = token
    elif token.value and not token.value.endswith("\n"):
        token.value += "\n"
    token.value += lines


def _add_key(mapping: CommentedMap, key: Any, value: Any) -> None:
    """A new last key, taking over the comment lines that followed the old last entry."""
    previous = _last_key(mapping)
    mapping[key] = value
    if previous is not None:
        _move_trailing(mapping, previous, key)


def _move_trailing(container: Any, old: Any, new: Any) -> None:
    lines = _take_trailing(container, old)
    if lines:
        _put_trailing(container, new, lines)


def _put_before(container: Any, key: Any, lines: str) -> None:
    """Full comment lines before the first entry of a collection."""
    entry = _comments(container).items.setdefault(key, [None, None, None, None])
    tokens: list[Any] = entry[1] or []
    entry[1] = [CommentToken(lines, CommentMark(0), None), *tokens]


# --- helpers: positions and indentation -----------------------------------------------------


def _lc_get(node: Any, key: Any) -> Any:
    """ruamel's [line, column, ...] for an entry; None for entries added since loading."""
    data = _lc(node).data
    return None if data is None else data.get(key)


def _lc_start(node: Any) -> tuple[int, int] | None:
    lc = _lc(node)
    return None if lc.line is None else (lc.line, lc.col)


def _lc_entry(node: Any, part: Any, *, value: bool) -> tuple[int, int] | None:
    if not _is_collection(node):
        return None
    if isinstance(node, CommentedSeq) and isinstance(part, int) and part < 0:
        part += len(node)
    entry = _lc_get(node, part)
    if entry is None:
        return None
    if isinstance(node, CommentedMap) and value:
        return entry[2], entry[3]
    return entry[0], entry[1]


def _guess_indent(data: Any) -> tuple[int, int, int]:
    """(mapping, sequence, offset) indentation most used by the block collections nested in
    block mappings, so a re-dump does not re-indent the file. ruamel has one setting per
    dump: a file that mixes styles is normalised to its most common one."""
    mappings: Counter[int] = Counter()
    sequences: Counter[tuple[int, int]] = Counter()
    stack: list[Any] = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, CommentedSeq):
            stack.extend(cast(list[Any], node))
            continue
        if not isinstance(node, CommentedMap) or _is_flow(node):
            continue
        mapping = _any(node)
        for key in mapping:
            child = mapping[key]
            stack.append(child)
            key_lc = _lc_get(node, key)
            if not _is_collection(child) or _is_flow(child) or not child or key_lc is None:
                continue
            key_line, key_column = key_lc[0], key_lc[1]
            child_lc = _lc(child)
            if child_lc.line is None or child_lc.line <= key_line:  # pragma: no cover - defensive
                continue
            if isinstance(child, CommentedMap):
                # The mapping's own start, not its first key's: that may follow a "? ".
                mappings[child_lc.col - key_column] += 1
            else:
                first = _lc_get(child, 0)
                # A nested block list's dash sits at an offset within the item: skip those.
                nested = isinstance(child[0], CommentedSeq) and not _is_flow(child[0])
                if first is not None and not nested:
                    sequences[(first[1] - key_column, child_lc.col - key_column)] += 1
    mapping = mappings.most_common(1)[0][0] if mappings else _DEFAULT_INDENT[0]
    if sequences:
        sequence, offset = sequences.most_common(1)[0][0]
    else:
        sequence, offset = mapping + 2, mapping
    if mapping < 1 or sequence < offset + 2 or offset < 0:
        return _DEFAULT_INDENT
    return mapping, sequence, offset
