"""Validate loaded data against a model and point every problem at file:line:column."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from opsledger.model.errors import Location, ValidationFailed

ModelT = TypeVar("ModelT", bound=BaseModel)


def _describe(error: Any) -> str:
    loc: Sequence[str | int] = error["loc"]
    field = ".".join(str(part) for part in loc) or "(file)"
    if error["type"] == "extra_forbidden":
        return f"unknown field {field!r} (extension keys must start with 'x-')"
    if error["type"] == "missing":
        return f"missing required field {field!r}"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{field}: {message}"


def error_paths(exc: ValidationError) -> list[tuple[tuple[str | int, ...], str]]:
    """Each problem as (key path in the file, one-line message)."""
    out: list[tuple[tuple[str | int, ...], str]] = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        out.append((loc, _describe(error)))
    return out


def locate(text: str, filename: str, keypath: Sequence[str | int], key: bool) -> Location:
    """Find the line and column of a key path; only called on the error path."""
    from opsledger.store.yamlio import YamlDocument

    try:
        doc = YamlDocument.parse(text, filename)
        position = doc.key_position(keypath) if key else doc.position(keypath)
    except Exception:  # the parse error itself is reported elsewhere
        position = None
    if position is None:
        return Location(filename)
    return Location(filename, position[0], position[1])


def validate_model(model: type[ModelT], data: Any, filename: str, text: str | None) -> ModelT:
    """``model.model_validate(data)``; on failure ValidationFailed listing every problem."""
    if data is None:
        data = {}
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems: list[tuple[Location | None, str]] = []
        for keypath, message in error_paths(exc):
            is_key = "unknown field" in message
            location = (
                locate(text, filename, keypath, is_key) if text is not None else Location(filename)
            )
            problems.append((location, message))
        first_location, first_message = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ValidationFailed(first_message + more, first_location, problems) from None
