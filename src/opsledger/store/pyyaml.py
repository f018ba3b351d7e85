"""PyYAML, the only module that imports it, on first use (``fastload`` reads with it).

Importing ``yaml`` compiles, in ``yaml.reader``, a Unicode-wide character class for the
pure-Python reader's check of printable characters: ~5 ms, a twentieth of a time
command's whole budget. opsledger parses with libyaml (``CParser``), which checks the
characters itself, so that one pattern is compiled on first use instead.
"""

from __future__ import annotations

import importlib
import re
import sys
from typing import Any

# ``yaml.reader.Reader.NON_PRINTABLE``, character for character.
READER_CLASS = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"


class LazyPattern:
    """A pattern compiled when it is first used."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self.compiled is None:
            self.compiled = re.compile(self.pattern)
        return getattr(self.compiled, name)


def _import_yaml() -> None:
    if "yaml" in sys.modules:
        return
    compile_now = re.compile

    def compile_unless_reader_class(pattern: Any, flags: Any = 0) -> Any:
        if pattern == READER_CLASS and not flags:
            return LazyPattern(pattern)
        return compile_now(pattern, flags)

    re.compile = compile_unless_reader_class
    try:
        importlib.import_module("yaml")
    finally:
        re.compile = compile_now


class PyYaml:
    """The parts of PyYAML the loaders use."""

    def __init__(self) -> None:
        _import_yaml()
        import yaml
        from yaml import events

        self.yaml = yaml
        self.parser: Any
        try:
            from yaml._yaml import CParser

            self.parser = CParser
        except ImportError:  # pragma: no cover - PyYAML built without libyaml
            self.parser = yaml.SafeLoader
        self.scalar = events.ScalarEvent
        self.mapping_start = events.MappingStartEvent
        self.sequence_start = events.SequenceStartEvent
        self.mapping_end = events.MappingEndEvent
        self.sequence_end = events.SequenceEndEvent
        self.alias = events.AliasEvent
        self.stream_end = events.StreamEndEvent
        self.directive_token = yaml.tokens.DirectiveToken


_loaded: PyYaml | None = None


def api() -> PyYaml:
    global _loaded
    if _loaded is None:
        _loaded = PyYaml()
    return _loaded
