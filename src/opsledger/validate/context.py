"""The validator's CheckContext: names of every record, lazy loading, cheap locations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, cast

from opsledger.model.errors import Location
from opsledger.store.checking import CheckContext, Finding, LoadedFile
from opsledger.validate.discover import kind_of
from opsledger.validate.inventory_view import InventoryView, PeopleView
from opsledger.validate.locate import Locator


@dataclass
class CachedFile(LoadedFile):
    """A LoadedFile whose ``locate`` parses the file once for all its findings."""

    locator: Locator | None = None

    def locate(self, keypath: Sequence[str | int], *, key: bool = False) -> Location:
        if self.locator is None:
            return super().locate(keypath, key=key)
        return self.locator.locate(self.relpath, self.text, keypath, key=key)


@dataclass
class ValidationContext(CheckContext):
    # record id (from the file name) -> ledger-relative paths: the whole ledger, even on
    # the fast path, so references and duplicates are checked without parsing every file
    names: dict[str, list[str]] = field(default_factory=lambda: {})
    # findings of the load stage (syntax, schema, unknown keys) by check id
    loaded_findings: dict[str, list[Finding]] = field(default_factory=lambda: {})
    locator: Locator = field(default_factory=Locator)
    # base revision: record id -> its path at the base; ids deleted before the base
    base_paths: dict[str, str] = field(default_factory=lambda: {})
    deleted_ids: set[str] = field(default_factory=lambda: set[str]())
    _extra: dict[str, LoadedFile | None] = field(default_factory=lambda: {})

    # A file that did not load gives no view (None): every reference would look unknown.
    @cached_property
    def inventory(self) -> InventoryView | None:
        loaded = self.files.get("inventory.yaml")
        if loaded is None:
            return InventoryView({})
        return InventoryView(loaded.data) if loaded.data is not None else None

    @cached_property
    def people(self) -> PeopleView | None:
        loaded = self.files.get("people.yaml")
        if loaded is None:
            return PeopleView({})
        return PeopleView(loaded.data) if loaded.data is not None else None

    @cached_property
    def today(self) -> str:
        """The ledger's current date, for decommission dates."""
        from opsledger.model.errors import OpsledgerError

        try:
            return self.ws.now().astimezone(self.ws.zone).date().isoformat()
        except OpsledgerError:
            return self.ws.now().date().isoformat()

    def file(self, relpath: str) -> LoadedFile | None:
        """A loaded file, loading it on demand (fast path: files outside the targets)."""
        found = self.files.get(relpath)
        if found is not None:
            return found
        if relpath not in self._extra:
            self._extra[relpath] = self._load(relpath)
        return self._extra[relpath]

    def _load(self, relpath: str) -> LoadedFile | None:
        from opsledger.validate.parsing import load_one

        kind = kind_of(relpath)
        try:
            raw = (self.ws.paths.root / relpath).read_bytes()
        except OSError:
            return None
        if kind is None:
            return None
        text, data, _problem = load_one(relpath, kind, raw)
        return CachedFile(relpath, kind, text, data, self.locator)

    def record(self, record_id: str) -> dict[str, Any] | None:
        """The data of the record with this id (first file of that name), or None."""
        paths = self.names.get(record_id)
        if not paths:
            return None
        loaded = self.file(paths[0])
        data = loaded.data if loaded is not None else None
        return cast(dict[str, Any], data) if isinstance(data, dict) else None

    def record_file(self, record_id: str) -> LoadedFile | None:
        paths = self.names.get(record_id)
        loaded = self.file(paths[0]) if paths else None
        return loaded if loaded is not None and loaded.data is not None else None

    def every(self, kind: str) -> list[LoadedFile]:
        if self.targets is None:
            return self.of_kind(kind)
        missing = [
            (p, kind, False)
            for paths in self.names.values()
            for p in paths
            if kind_of(p) == kind and p not in self.files and p not in self._extra
        ]
        if missing:
            for relpath, (text, data) in self._as_indexed([p for p, _, _ in missing]).items():
                self._extra[relpath] = CachedFile(relpath, kind, text, data, self.locator)
            missing = [item for item in missing if item[0] not in self._extra]
        if missing:
            from opsledger.validate.loader import load_files

            for relpath, _kind, text, data, _raw in load_files(self.ws.paths.root, missing):
                self._extra[relpath] = CachedFile(relpath, kind, text, data, self.locator)
        found = [f for f in self.files.values() if f.kind == kind and f.data is not None]
        extra = [f for f in self._extra.values() if f is not None and f.kind == kind]
        return found + [f for f in extra if f.data is not None]

    def _as_indexed(self, paths: list[str]) -> dict[str, tuple[str, Any]]:
        from opsledger.index.service import Index

        return dict(Index(self.ws).files_as_indexed(paths))

    def has_record(self, record_id: str, kind: str) -> bool:
        return any(kind_of(p) == kind for p in self.names.get(record_id, ()))

    def at(self, relpath: str, keypath: Sequence[str | int], *, key: bool = False) -> Location:
        loaded = self.file(relpath)
        if loaded is None:
            return Location(relpath)
        return self.locator.locate(relpath, loaded.text, keypath, key=key)

    def finding(
        self,
        check: str,
        relpath: str,
        keypath: Sequence[str | int],
        message: str,
        hint: str | None = None,
        *,
        key: bool = False,
    ) -> Finding:
        return Finding(check, message, self.at(relpath, keypath, key=key), hint)
