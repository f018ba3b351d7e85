"""What a validator check sees and what it reports; features register checks of this shape.

Features cannot import the validator (they are independent), so the contract lives here:
a feature exposes ``CHECKS: list[CheckSpec]`` in its own ``checks.py``; ``ledger.py``
collects them and hands them to the runner in ``validate/``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from opsledger.model.errors import Location
from opsledger.store.workspace import Workspace

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    check: str  # "OL101"
    message: str  # one line, no trailing period
    location: Location | None = None
    hint: str | None = None
    severity: Severity | None = None  # None: the check's default, after opsledger.yaml


@dataclass
class LoadedFile:
    """One ledger file as the validator loaded it (``data`` is None when it did not parse)."""

    relpath: str
    kind: str  # config, people, inventory, task, window, change, policy:<name>, template, other
    text: str
    data: Any = None

    def locate(self, keypath: Sequence[str | int], *, key: bool = False) -> Location:
        """file:line:column of a key path (only on findings: it parses the file again)."""
        from opsledger.store.fastload import marks

        found = marks(self.text, self.relpath, front_matter=self.relpath.endswith(".md"))
        where = found.position(keypath, key=key) if found is not None else None
        if where is None:
            return Location(self.relpath)
        return Location(self.relpath, where[0], where[1])


@dataclass
class CheckContext:
    ws: Workspace
    files: dict[str, LoadedFile]  # every loaded ledger file by ledger-relative path
    targets: set[str] | None = None  # pre-commit fast path: only findings about these
    base: str | None = None  # --base REF
    base_files: dict[str, LoadedFile] = field(default_factory=lambda: {})

    def of_kind(self, kind: str) -> list[LoadedFile]:
        return [f for f in self.files.values() if f.kind == kind and f.data is not None]

    def wanted(self, relpath: str) -> bool:
        return self.targets is None or relpath in self.targets

    def every(self, kind: str) -> list[LoadedFile]:
        """Every parsed file of a kind in the ledger, also those outside ``targets``; here
        the loaded ones (the validator's context loads the rest on demand)."""
        return self.of_kind(kind)

    def record_file(self, record_id: str) -> LoadedFile | None:
        """The parsed file of a task, window or change by id, or None; here among the
        loaded files (the validator's context loads it on demand)."""
        for loaded in self.files.values():
            stem = loaded.relpath.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            if stem == record_id and loaded.data is not None:
                return loaded
        return None


CheckFunction = Callable[[CheckContext], Iterable[Finding]]


@dataclass(frozen=True)
class CheckSpec:
    id: str  # OL1xx files/references, OL2xx --base, OL3xx secrets, OL4xx windows,
    # OL5xx time, OL6xx alerts, OL7xx commands
    name: str  # kebab-case, e.g. unknown-component
    severity: Severity
    summary: str
    run: CheckFunction
