"""Load one ledger file and check it against its model: syntax, schema, unknown keys.

Runs in worker processes for whole-ledger runs, so it returns plain tuples that
``marshal`` can carry back; the parent turns them into findings.
"""

from __future__ import annotations

import difflib
from contextlib import suppress
from typing import Any, cast

from opsledger.model.errors import Location, OpsledgerError
from opsledger.validate.locate import Locator

# (check id, message, line, column, hint)
RawFinding = tuple[str, str, int | None, int | None, str | None]
# (relpath, kind, text, data, findings)
Parsed = tuple[str, str, str, Any, list[RawFinding]]

SCHEMA_NAMES = {"template": "command-template"}
# kind -> (module, class): importing one model is cheaper than all of model.schemas
MODELS = {
    "task": ("task", "Task"),
    "window": ("window", "Window"),
    "change": ("change", "Change"),
    "config": ("config", "Config"),
    "people": ("people", "People"),
    "inventory": ("inventory", "Inventory"),
    "template": ("policies", "CommandTemplate"),
}


def model_for(kind: str) -> type[Any] | None:
    import importlib

    if kind.startswith("policy:"):
        from opsledger.model.policies import POLICY_MODELS

        return POLICY_MODELS.get(kind.split(":", 1)[1] + ".yaml")
    module, name = MODELS[kind]
    return getattr(importlib.import_module(f"opsledger.model.{module}"), name)


def warm_models(kinds: set[str]) -> None:
    """Import the models of these kinds and build their validators (pydantic builds one
    on first use), so that forked workers inherit them instead of each building its own."""
    from opsledger.store.fastload import load_fast

    load_fast("{}", "-")  # imports PyYAML
    for kind in sorted(kinds):
        model = model_for(kind)
        if model is not None:
            with suppress(ValueError):  # pydantic's ValidationError: the validator is built
                model.model_validate({})


def _raw(check: str, message: str, where: Location | None, hint: str | None) -> RawFinding:
    line = where.line if where is not None else None
    column = where.column if where is not None else None
    return (check, message, line, column, hint)


def load_one(relpath: str, kind: str, raw: bytes) -> tuple[str, Any, RawFinding | None]:
    """(text, data, syntax finding) of one file; data is None when it did not load."""
    from opsledger.store.fastload import load_fast, load_fast_front_matter

    text = raw.decode("utf-8", "replace")
    try:
        data = load_fast_front_matter(raw, relpath) if kind == "change" else load_fast(raw, relpath)
    except OpsledgerError as exc:
        return text, None, _raw("OL100", exc.message, exc.location, _syntax_hint(exc.message))
    except RecursionError:
        return text, None, ("OL100", "YAML nesting too deep", None, None, None)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        message = f"the file must hold a mapping, not a {_type_name(data)}"
        return text, None, ("OL102", message, 1, 1, "write key: value lines at the top level")
    return text, cast(dict[str, Any], data), None


def _syntax_hint(message: str) -> str | None:
    if "duplicate" in message:
        return "remove or rename one of the two keys"
    if "UTF-8" in message:
        return "save the file as UTF-8"
    return None


_TYPE_NAMES: dict[type[Any], str] = {list: "list", str: "string", int: "number"}
_TYPE_NAMES.update({float: "number", bool: "boolean"})


def _type_name(value: Any) -> str:
    kind: type[Any] = cast(type[Any], type(value))  # pyright: ignore[reportUnknownArgumentType]
    return _TYPE_NAMES.get(kind, kind.__name__)


def schema_problems(
    kind: str, relpath: str, text: str, data: dict[str, Any], locator: Locator
) -> list[RawFinding]:
    """Every model error in the file, not only the first (OL102 schema, OL103 unknown key)."""
    model = model_for(kind)
    if model is None:
        where = Location(relpath, 1, 1)
        return [_raw("OL102", f"unknown file kind {kind!r}", where, "policies are " + _policies())]
    try:
        model.model_validate(data)
    except ValueError as exc:  # pydantic's ValidationError; pydantic stays in modelcheck
        if not hasattr(exc, "errors"):
            raise
        return _describe(model, kind, relpath, text, exc, locator)
    return []


def _policies() -> str:
    from opsledger.model.policies import POLICY_MODELS

    return ", ".join(POLICY_MODELS)


def _describe(
    model: type[Any], kind: str, relpath: str, text: str, exc: Any, locator: Locator
) -> list[RawFinding]:
    from opsledger.store.modelcheck import error_paths

    schema = SCHEMA_NAMES.get(kind.removeprefix("policy:"), kind.removeprefix("policy:"))
    out: list[RawFinding] = []
    for keypath, message in error_paths(exc):
        if message.startswith("unknown field"):
            where = locator.locate(relpath, text, keypath, key=True)
            out.append(_raw("OL103", message, where, _unknown_hint(model, keypath)))
        else:
            where = locator.locate(relpath, text, keypath)
            hint = f"see .opsledger/schemas/{schema}.schema.json"
            if message.startswith("missing required field"):
                hint = f"add '{keypath[-1]}:'" if keypath else hint
            out.append(_raw("OL102", message, where, hint))
    return out


def _unknown_hint(model: type[Any], keypath: tuple[str | int, ...]) -> str:
    fields: dict[str, Any] = getattr(model, "model_fields", {})
    if len(keypath) == 1 and isinstance(keypath[0], str):
        close = difflib.get_close_matches(keypath[0], list(fields), n=1)
        if close:
            return f"did you mean '{close[0]}'?"
    return "remove it, or prefix it with 'x-' to keep it as an extension"


def parse_file(
    relpath: str, kind: str, raw: bytes, locator: Locator | None = None, schema: bool = True
) -> Parsed:
    text, data, syntax = load_one(relpath, kind, raw)
    if syntax is not None:
        return relpath, kind, text, None, [syntax]
    if not schema:
        return relpath, kind, text, data, []
    found = schema_problems(kind, relpath, text, data, locator or Locator())
    return relpath, kind, text, data, found
