"""The parsed form of a query (docs/query.md)."""

from __future__ import annotations

from typing import NamedTuple

# NamedTuples, not frozen dataclasses: every query imports this module, and building a
# frozen dataclass costs about 0.5 ms at import against 0.05 ms for a NamedTuple.


class Term(NamedTuple):
    """``field:value``, ``field:>=value``; ``position`` is where the value starts."""

    field: str
    op: str  # "=", "<", "<=", ">", ">="
    value: str
    position: int
    field_position: int


class Text(NamedTuple):
    """A free word or a "quoted phrase"; ``prefix`` for ``word*``."""

    text: str
    phrase: bool
    prefix: bool
    position: int


class Not(NamedTuple):
    item: Node


class And(NamedTuple):
    items: tuple[Node, ...]


class Or(NamedTuple):
    items: tuple[Node, ...]


Node = Term | Text | Not | And | Or

EVERYTHING = And(())


def walk(node: Node) -> list[Node]:
    """Every node below and including ``node``."""
    out: list[Node] = [node]
    if isinstance(node, Not):
        out += walk(node.item)
    elif isinstance(node, And | Or):
        for item in node.items:
            out += walk(item)
    return out


def positive_texts(node: Node) -> list[Text]:
    """The free words that are not negated: they rank the results."""
    if isinstance(node, Text):
        return [node]
    if isinstance(node, And | Or):
        return [t for item in node.items for t in positive_texts(item)]
    return []
