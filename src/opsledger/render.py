"""The one module that imports jinja2: sandboxed templates for rules, commands, reports.

Templates come from ledger files people edit, and alert payloads come from outside, so
everything renders in Jinja2's sandbox with undefined names as errors.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from opsledger.model.errors import UsageError


@lru_cache(maxsize=1)
def _environment() -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True
    )
    return env


def register_filter(name: str, function: Callable[..., Any]) -> None:
    """Add a filter (e.g. ``host`` for alert rules); call at import time of the feature."""
    _environment().filters[name] = function


@lru_cache(maxsize=512)
def _compile(source: str) -> Any:
    return _environment().from_string(source)


def render(source: str, context: Mapping[str, Any], *, where: str = "template") -> str:
    """Render ``source`` with ``context``; any template error is a UsageError naming ``where``."""
    from jinja2 import TemplateError

    try:
        return str(_compile(source).render(dict(context)))
    except TemplateError as exc:
        raise UsageError(f"{where}: {exc}") from None


def variables(source: str, *, where: str = "template") -> set[str]:
    """The undeclared names a template uses (e.g. the parameters of a command template)."""
    from jinja2 import TemplateSyntaxError, meta

    try:
        return set(meta.find_undeclared_variables(_environment().parse(source)))
    except TemplateSyntaxError as exc:
        raise UsageError(f"{where}: {exc}") from None
