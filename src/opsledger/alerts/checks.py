"""OL6xx: problems in ``policies/alerts.yaml`` the model cannot see (DESIGN 5)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from opsledger.alerts.normal import obj
from opsledger.model.errors import OpsledgerError
from opsledger.store.checking import CheckContext, CheckSpec, Finding, LoadedFile

_TEMPLATED = ("title", "description", "dedup_key", "assignee", "team", "client")


def _alerts_files(ctx: CheckContext) -> Iterator[LoadedFile]:
    for loaded in ctx.files.values():
        if (
            loaded.relpath.endswith("policies/alerts.yaml")
            and isinstance(loaded.data, dict)
            and ctx.wanted(loaded.relpath)
        ):
            yield loaded


def _matches(data: dict[str, Any]) -> Iterator[tuple[list[str | int], str]]:
    for index, rule in enumerate(data.get("rules") or []):
        if isinstance(rule, dict):
            for label, rx in (rule.get("match") or {}).items():  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
                yield ["rules", index, "match", str(label)], str(rx)  # pyright: ignore[reportUnknownArgumentType]
    for name, mapping in obj(data.get("generic")).items():
        if isinstance(mapping, dict):
            for path, rx in (mapping.get("match") or {}).items():  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
                yield ["generic", str(name), "match", str(path)], str(rx)  # pyright: ignore[reportUnknownArgumentType]


def invalid_regex(ctx: CheckContext) -> Iterator[Finding]:
    for loaded in _alerts_files(ctx):
        for keypath, rx in _matches(loaded.data):
            try:
                re.compile(rx)
            except re.error as exc:
                yield Finding("OL601", f"invalid regex {rx!r}: {exc}", loaded.locate(keypath))


def _templates(data: dict[str, Any]) -> Iterator[tuple[list[str | int], str]]:
    for key in _TEMPLATED:
        value = obj(data.get("defaults")).get(key)
        if isinstance(value, str):
            yield ["defaults", key], value
    for index, rule in enumerate(data.get("rules") or []):
        if not isinstance(rule, dict):
            continue
        for key in _TEMPLATED:
            if isinstance(rule.get(key), str):  # pyright: ignore[reportUnknownMemberType]
                yield ["rules", index, key], str(rule[key])  # pyright: ignore[reportUnknownArgumentType]
        for pos, comp in enumerate(rule.get("components") or []):  # pyright: ignore[reportUnknownMemberType, reportUnknownArgumentType, reportUnknownVariableType]
            yield ["rules", index, "components", pos], str(comp)  # pyright: ignore[reportUnknownArgumentType]


def invalid_template(ctx: CheckContext) -> Iterator[Finding]:
    from opsledger.alerts.hostname import register
    from opsledger.render import variables

    register()
    for loaded in _alerts_files(ctx):
        for keypath, source in _templates(loaded.data):
            try:
                variables(source, where="template")
            except OpsledgerError as exc:
                yield Finding("OL602", f"invalid template: {exc.message}", loaded.locate(keypath))


CHECKS: list[CheckSpec] = [
    CheckSpec(
        "OL601",
        "alert-rule-regex",
        "error",
        "a match regex in policies/alerts.yaml does not compile",
        invalid_regex,
    ),
    CheckSpec(
        "OL602",
        "alert-rule-template",
        "error",
        "a template in policies/alerts.yaml does not parse",
        invalid_template,
    ),
]
