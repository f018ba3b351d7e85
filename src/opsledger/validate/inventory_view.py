"""The inventory and people as the reference checks need them: set lookups, no pydantic."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from opsledger.model.components import is_glob
from opsledger.validate.globs import covered_paths
from opsledger.validate.values import get, mapping, texts


class InventoryView:
    def __init__(self, data: Any) -> None:
        components = mapping(data, "components")
        self.paths = [p.strip("/") for p in components if isinstance(p, str)]  # pyright: ignore[reportUnnecessaryIsInstance]
        self.retired: dict[str, str] = {}
        for path, component in components.items():
            value = get(component, "decommissioned")
            if isinstance(value, str):
                self.retired[path.strip("/")] = value[:10]
        self._covered: dict[str, list[str]] = {}

    @cached_property
    def _declared(self) -> frozenset[str]:
        return frozenset(self.paths)

    @cached_property
    def _prefixes(self) -> frozenset[str]:
        """Every declared path and each of its ancestors: a plain reference may name either."""
        out: set[str] = set()
        for path in self.paths:
            parts = path.split("/")
            out.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
        return frozenset(out)

    def covered(self, ref: str) -> list[str]:
        if ref not in self._covered:
            if is_glob(ref):
                found = covered_paths(ref, self.paths)
            else:  # a plain reference covers itself and what lies below it
                plain = ref.strip("/")
                below = plain + "/"
                found = [p for p in self.paths if p == plain or p.startswith(below)]
            self._covered[ref] = found
        return self._covered[ref]

    def known(self, ref: str) -> bool:
        if is_glob(ref):
            return bool(self.covered(ref))
        return ref.strip("/") in self._prefixes

    def retired_on(self, ref: str, today: str) -> str | None:
        """The decommission date when everything ``ref`` covers was retired by ``today``."""
        plain = ref.strip("/")
        if plain in self.retired:
            date = self.retired[plain]
            return date if date <= today else None
        if not self.retired or plain in self._declared:
            return None  # a declared, live component
        covered = self.covered(ref)
        dates = [self.retired.get(p) for p in covered]
        if covered and all(d is not None and d <= today for d in dates):
            return max(d for d in dates if d is not None)
        return None


class PeopleView:
    def __init__(self, data: Any) -> None:
        self.people = set(mapping(data, "people"))
        self.bots = set(mapping(data, "bots"))
        self.teams = set(mapping(data, "teams"))
        for person in mapping(data, "people").values():
            self.teams.update(team for _i, team in texts(person, "teams"))

    def person(self, name: str) -> bool:
        return name in self.people or name in self.bots

    def team(self, name: str) -> bool:
        return name in self.teams
