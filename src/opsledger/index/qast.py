"""The parsed form of a query (docs/query.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """``field:value``, ``field:>=value``; ``position`` is where the value starts."""

    field: str
    op: str  # "=", "<", "<=", ">", ">="
    value: str
    position: int
    field_position: int


@dataclass(frozen=True)
class Text:
    """A free word or a "quoted phrase"; ``prefix`` for ``word*``."""

    text: str
    phrase: bool
    prefix: bool
    position: int


@dataclass(frozen=True)
class Not:
    item: Node


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
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
