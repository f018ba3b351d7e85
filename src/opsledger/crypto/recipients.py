"""Who may read a file's secrets: first-match path rules in ``opsledger.yaml``.

A rule's recipients are ``team:NAME`` (every member's ``age`` keys), ``bot:NAME``,
``person:NAME`` or a bare person name, or a literal public key. Only the ``age`` field of
people.yaml is used (it may hold age1…, ssh-ed25519 or ssh-rsa keys, or a list); ssh
``signing_keys`` are never used for encryption, so nobody receives secrets by accident.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from opsledger.crypto import age
from opsledger.crypto.errors import SecretError
from opsledger.crypto.fieldpath import path_glob_match
from opsledger.model.plain import mapping, sequence

CONFIG = "opsledger.yaml"


@dataclass(frozen=True)
class RecipientSet:
    """The keys one rule resolves to, with who holds each (``olivia``, ``bot:ci``)."""

    rule: str  # the rule's path glob
    members: tuple[tuple[str, str], ...]  # (holder, normalized key), sorted, unique
    missing: tuple[str, ...] = ()  # people the rule names who have no age key

    @cached_property
    def fingerprint(self) -> str:
        return fingerprint([key for _, key in self.members])

    @cached_property
    def parsed(self) -> list[age.Recipient]:
        return [age.parse_recipient(key) for _, key in self.members]

    def holders(self) -> list[str]:
        return sorted({holder for holder, _ in self.members})


def fingerprint(keys: list[str]) -> str:
    """8 hex digits of SHA-256 over the sorted, normalized keys, one per line."""
    unique = sorted({age.normalize_recipient(k) for k in keys})
    return hashlib.sha256("\n".join(unique).encode()).hexdigest()[:8]


class Rules:
    """The encryption rules of one ledger, resolved against people.yaml once."""

    def __init__(self, config: Mapping[str, Any], people: Mapping[str, Any]) -> None:
        self.config = config
        self.rules: list[tuple[str, list[str]]] = [
            (str(rule.get("path", "**")), _names(rule.get("recipients")))
            for rule in _dicts(_dict(config.get("encryption")).get("rules"))
        ]
        self.people = people
        self._sets: dict[int, RecipientSet] = {}

    def rule_index(self, relpath: str) -> int | None:
        for index, (glob, _) in enumerate(self.rules):
            if path_glob_match(glob, relpath):
                return index
        return None

    def for_path(self, relpath: str) -> RecipientSet:
        index = self.rule_index(relpath)
        if index is None:
            raise SecretError(
                f"{relpath}: no encryption rule matches; add one to {CONFIG} encryption.rules"
                " (e.g. `opsledger secret recipients add team:sre`)"
            )
        if index not in self._sets:
            self._sets[index] = self.resolve(*self.rules[index])
        return self._sets[index]

    def resolve(self, glob: str, names: list[str]) -> RecipientSet:
        members: set[tuple[str, str]] = set()
        missing: list[str] = []
        for name in names:
            found = self._expand(name, glob)
            if not found:
                missing.append(name)
            members.update(found)
        if not members:
            raise SecretError(f"{CONFIG}: the rule for {glob!r} resolves to no age key")
        return RecipientSet(glob, tuple(sorted(members)), tuple(missing))

    def _expand(self, name: str, glob: str) -> list[tuple[str, str]]:
        if name.startswith(("age1", "ssh-")):
            return [
                (
                    name.split()[-1] if " " in name else name[:12] + "…",
                    age.normalize_recipient(name),
                )
            ]
        kind, _, who = name.partition(":") if ":" in name else ("person", "", name)
        people = _dict(self.people.get("people"))
        if kind == "team":
            holders = [(p, d) for p, d in people.items() if who in (_dict(d).get("teams") or [])]
        elif kind == "bot":
            bots = _dict(self.people.get("bots"))
            holders = [(f"bot:{who}", bots[who])] if who in bots else []
        elif kind == "person":
            holders = [(who, people[who])] if who in people else []
        else:
            raise SecretError(f"{CONFIG}: rule {glob!r}: unknown recipient kind {name!r}")
        if not holders and kind != "team":
            raise SecretError(f"{CONFIG}: rule {glob!r}: {name!r} is not in people.yaml")
        return [(holder, age.normalize_recipient(k)) for holder, d in holders for k in _keys(d)]


_dict = mapping


def _names(value: Any) -> list[str]:
    return [str(item) for item in sequence(value)]


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [mapping(item) for item in sequence(value) if isinstance(item, dict)]  # pyright: ignore[reportUnknownArgumentType]


def _keys(member: Any) -> list[str]:
    value = _dict(member).get("age")
    if value is None:
        return []
    items: list[Any] = [value] if isinstance(value, str) else list(value)
    return [str(v) for v in items]
