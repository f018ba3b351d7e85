"""``inventory add|list|show``: hierarchical components in ``inventory.yaml``."""

from __future__ import annotations

from typing import Any

from opsledger.model.components import covers, is_glob
from opsledger.model.errors import Conflict, NotFound, UsageError
from opsledger.model.inventory import Component, Inventory
from opsledger.store.modelcheck import validate_model
from opsledger.store.workspace import Workspace
from opsledger.store.yamlio import YamlDocument, new_document

INVENTORY_FILE = "inventory.yaml"


class InventoryService:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def list(self, refs: list[str] | None = None) -> dict[str, Component]:
        components = self.ws.inventory.components
        if not refs:
            return dict(components)
        return {p: c for p, c in components.items() if any(covers(r, p) for r in refs)}

    def get(self, path: str) -> Component:
        found = self.ws.inventory.components.get(path.strip("/"))
        if found is None:
            raise NotFound(f"no component {path!r} in {INVENTORY_FILE}")
        return found

    def children(self, path: str) -> list[str]:
        prefix = path.strip("/") + "/"
        return sorted(p for p in self.ws.inventory.components if p.startswith(prefix))

    def add(self, path: str, **fields: Any) -> Component:
        path = path.strip("/")
        if not path or is_glob(path) or any(not part for part in path.split("/")):
            raise UsageError(f"not a component path: {path!r} (e.g. aws/eu-west-1/prod/db/pg-07)")
        file = self.ws.paths.root / INVENTORY_FILE
        values = {k: v for k, v in fields.items() if v not in (None, [], {})}
        entry = validate_model(Component, values, INVENTORY_FILE, None)
        with self.ws.transaction("inventory", "add", path, path) as tx:
            if file.exists():
                doc = YamlDocument.read(file, INVENTORY_FILE)
            else:
                doc = new_document({"components": {}}, INVENTORY_FILE)
            data: Any = doc.data
            if data is None or "components" not in data or data["components"] is None:
                doc.set(["components"], {})
            if path in doc.data["components"]:
                raise Conflict(f"component {path} already exists in {INVENTORY_FILE}")
            doc.set(["components", path], values)
            text = doc.dump()
            validate_model(Inventory, doc.plain(), INVENTORY_FILE, text)
            tx.write(file, text)
        self.ws.forget("inventory", "inventory_data")
        return entry
