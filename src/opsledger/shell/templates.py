"""Named command templates, ``templates/commands/*.yaml``: rendered, never run."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from opsledger.model.errors import NotFound, ParseError, UsageError
from opsledger.render import render
from opsledger.store.fastload import load_fast
from opsledger.store.workspace import Workspace

if TYPE_CHECKING:
    from opsledger.model.policies import CommandTemplate

TEMPLATE_DIR = "templates/commands"


def template_files(ws: Workspace) -> dict[str, str]:
    """Template name → ledger-relative path; the file name is the name."""
    folder = ws.paths.root / TEMPLATE_DIR
    if not folder.is_dir():
        return {}
    return {p.stem: f"{TEMPLATE_DIR}/{p.name}" for p in sorted(folder.glob("*.yaml"))}


def load_template(ws: Workspace, name: str) -> CommandTemplate:
    from opsledger.model.policies import CommandTemplate
    from opsledger.store.modelcheck import validate_model

    files = template_files(ws)
    if name not in files:
        known = ", ".join(files) or "none"
        raise NotFound(f"no command template {name!r} (known: {known})")
    relpath = files[name]
    text = (ws.paths.root / relpath).read_text(encoding="utf-8")
    data = load_fast(text, relpath)
    template = validate_model(CommandTemplate, data, relpath, text)
    if template.name != name:
        raise ParseError(f"{relpath}: name {template.name!r} differs from the file name")
    return template


def render_template(ws: Workspace, name: str, params: Mapping[str, str]) -> str:
    """The command text; unknown or missing parameters are usage errors."""
    template = load_template(ws, name)
    relpath = template_files(ws)[name]
    unknown = sorted(set(params) - set(template.params))
    if unknown:
        takes = ", ".join(template.params) or "none"
        raise UsageError(f"{name}: unknown parameter {unknown[0]!r} (takes: {takes})")
    context: dict[str, str | None] = {}
    for key, spec in template.params.items():
        value = params.get(key, spec.default)
        if value is None and spec.required:
            raise UsageError(f"{name}: parameter {key!r} is required ({key}=VALUE)")
        context[key] = value
    return render(template.command, context, where=relpath).strip()


def parse_params(items: list[str] | tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UsageError(f"{item!r}: expected KEY=VALUE")
        params[key] = value
    return params
