"""One task a batch changes: a new file's plain data, or an existing file's round-trip
document (comments and layout survive); both edited through the same three calls."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from opsledger.store.yamlio import YamlDocument

KeyPath = list[str | int]


@dataclass
class Target:
    task_id: str
    path: Path
    data: dict[str, Any] | None = None  # a new task
    doc: YamlDocument | None = None  # an existing one
    repeats: int = 0

    @property
    def is_new(self) -> bool:
        return self.data is not None

    def get(self, keypath: KeyPath, default: Any = None) -> Any:
        if self.doc is not None:
            try:
                return self.doc.get(keypath)
            except (KeyError, IndexError, TypeError):
                return default
        node: Any = self.data
        for part in keypath:
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]  # pyright: ignore[reportUnknownVariableType]
        return node  # pyright: ignore[reportUnknownVariableType]

    def set(self, keypath: KeyPath, value: Any) -> None:
        if self.doc is not None:
            self.doc.set(keypath, value)
            return
        assert self.data is not None
        node: dict[Any, Any] = self.data
        for part in keypath[:-1]:
            node = node.setdefault(part, {})
        node[keypath[-1]] = value

    def append(self, keypath: KeyPath, item: Any) -> None:
        if self.doc is not None:
            self.doc.append(keypath, item)
            return
        current = self.get(keypath)
        self.set(keypath, [*(current or []), item])
