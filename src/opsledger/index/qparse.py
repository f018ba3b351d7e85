"""Parse the query language of docs/query.md into a tree of qast nodes.

query  := or
or     := and ("OR" and)*
and    := unary+                      (terms side by side must all hold; "AND" is optional)
unary  := ("-" | "NOT ") unary | atom
atom   := "(" or ")" | field ":" [op] value | word | "phrase"
"""

from __future__ import annotations

import re

from opsledger.index.errors import QueryError
from opsledger.index.qast import EVERYTHING, And, Node, Not, Or, Term, Text

_FIELD = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*):")
_OPS = (">=", "<=", ">", "<", "=")
_STOP = frozenset(" \t\n()")
_WORD_CHAR = re.compile(r"[^\W_]")


def parse_query(text: str) -> Node:
    return _Parser(text).parse()


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def error(self, message: str, position: int | None = None) -> QueryError:
        return QueryError(message, self.text, self.pos if position is None else position)

    def parse(self) -> Node:
        self.skip()
        if self.pos == len(self.text):
            return EVERYTHING
        node = self.disjunction()
        self.skip()
        if self.pos < len(self.text):
            raise self.error("unmatched ')'")
        return node

    def skip(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\n":
            self.pos += 1

    def at_keyword(self, word: str) -> bool:
        end = self.pos + len(word)
        return self.text.startswith(word, self.pos) and (
            end == len(self.text) or self.text[end] in _STOP
        )

    def disjunction(self) -> Node:
        items = [self.conjunction()]
        while True:
            self.skip()
            if not self.at_keyword("OR"):
                break
            self.pos += 2
            items.append(self.conjunction())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def conjunction(self) -> Node:
        items: list[Node] = []
        while True:
            self.skip()
            if self.pos == len(self.text) or self.text[self.pos] == ")" or self.at_keyword("OR"):
                break
            if self.at_keyword("AND"):
                if not items:
                    raise self.error("AND needs a term before it")
                self.pos += 3
                continue
            items.append(self.unary())
        if not items:
            raise self.error("expected a term here")
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self) -> Node:
        self.skip()
        start = self.pos
        if self.text.startswith("-", self.pos):
            self.pos += 1
            if self.text[self.pos : self.pos + 1] in ("", " ", "\t", "\n", ")"):
                raise self.error("nothing to negate", start)
            return Not(self.unary())
        if self.at_keyword("NOT"):
            self.pos += 3
            self.skip()
            if self.pos == len(self.text) or self.text[self.pos] == ")":
                raise self.error("nothing to negate", start)
            return Not(self.unary())
        return self.atom()

    def atom(self) -> Node:
        start = self.pos
        char = self.text[self.pos]
        if char == "(":
            self.pos += 1
            node = self.disjunction()
            self.skip()
            if self.pos == len(self.text):
                raise self.error("missing ')' for this '('", start)
            self.pos += 1
            return node
        if char == '"':
            return self.phrase()
        field = _FIELD.match(self.text, self.pos)
        if field is not None:
            return self.term(field.group(1), field.end())
        word = self.bare()
        prefix = word.endswith("*") and len(word) > 1
        word = word[:-1] if prefix else word
        if not _WORD_CHAR.search(word):
            raise self.error(f"nothing to search for in {word!r}", start)
        return Text(word, phrase=False, prefix=prefix, position=start)

    def bare(self) -> str:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in _STOP:
            self.pos += 1
        return self.text[start : self.pos]

    def quoted(self) -> str:
        start = self.pos
        end = self.text.find('"', start + 1)
        if end < 0:
            raise self.error("unterminated quote", start)
        self.pos = end + 1
        return self.text[start + 1 : end]

    def phrase(self) -> Text:
        start = self.pos
        words = self.quoted()
        prefix = self.text.startswith("*", self.pos)
        self.pos += prefix
        if not _WORD_CHAR.search(words):
            raise self.error("nothing to search for in this phrase", start)
        return Text(words, phrase=True, prefix=prefix, position=start)

    def term(self, field: str, value_start: int) -> Term:
        field_position = self.pos
        self.pos = value_start
        op = "="
        for candidate in _OPS:
            if self.text.startswith(candidate, self.pos):
                op = candidate
                self.pos += len(candidate)
                break
        position = self.pos
        value = self.quoted() if self.text.startswith('"', self.pos) else self.bare()
        if not value:
            raise self.error(f"{field}: needs a value", position)
        return Term(field.lower(), op, value, position, field_position)
