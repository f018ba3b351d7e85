"""Generic JSON, read through a ``generic:`` mapping of ``policies/alerts.yaml``.

Each mapping value is a dotted path into the payload (``data.alert.id``, list indexes
as numbers) or a sandboxed template (``{{ item.host }}-{{ root.env }}``; ``item`` is one
alert, ``root`` the whole payload). ``alerts`` names the list of alerts (absent: the
payload is one alert); ``match`` (path → regex, full match) picks the mapping under
``--source generic``; ``status`` values in ``resolved_values`` mean resolved.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from opsledger.alerts.normal import (
    Alert,
    Parsed,
    Rejected,
    as_list,
    digest,
    obj,
    parse_time,
    seq,
    text_of,
)

NAME = "generic"


def lookup(data: Any, path: str) -> Any:
    node = data
    for part in path.split("."):
        if isinstance(node, Mapping):
            node = node.get(part)  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):  # pyright: ignore[reportUnknownArgumentType]
            node = node[int(part)]  # pyright: ignore[reportUnknownVariableType]
        else:
            return None
    return node  # pyright: ignore[reportUnknownVariableType]


def value(spec: str | None, item: Any, root: Any, what: str) -> str | None:
    if not spec:
        return None
    if "{{" in spec or "{%" in spec:
        from opsledger.render import render

        try:
            return render(spec, {"item": item, "root": root}, where=what) or None
        except Exception as exc:  # a template error is the payload's fault here
            raise Rejected(f"{what}: {exc}") from None
    return text_of(lookup(item, spec), what)


def matches(mapping: Mapping[str, Any], data: Any) -> bool:
    rules = obj(mapping.get("match"))
    return bool(rules) and all(
        re.fullmatch(str(rx), text_of(lookup(data, path), path) or "") for path, rx in rules.items()
    )


def pick(mappings: Mapping[str, Mapping[str, Any]], data: Any, name: str | None) -> str:
    if name:
        if name not in mappings:
            raise Rejected(f"no generic mapping {name!r} in policies/alerts.yaml")
        return name
    for candidate, mapping in mappings.items():
        if matches(mapping, data):
            return candidate
    raise Rejected("no generic mapping of policies/alerts.yaml matches this payload")


def parse(data: Any, mapping: Mapping[str, Any], name: str) -> Parsed:
    result = Parsed()
    items = (
        [data] if not mapping.get("alerts") else as_list(lookup(data, mapping["alerts"]), "alerts")
    )
    resolved_values = [
        str(v) for v in seq(mapping.get("resolved_values", ["resolved", "ok", "OK"]))
    ]
    for index, item in enumerate(items):
        try:
            result.alerts.append(_one(item, data, mapping, name, resolved_values))
        except Rejected as exc:
            result.problems.append(f"alerts[{index}]: {exc.message}")
    return result


def _one(item: Any, root: Any, mapping: Mapping[str, Any], name: str, resolved: list[str]) -> Alert:
    labels = {
        key: text
        for key, spec in obj(mapping.get("labels")).items()
        if (text := value(str(spec), item, root, f"labels.{key}")) is not None
    }
    if not labels:
        raise Rejected("the mapping yields no labels for this alert")
    annotations = {
        key: text
        for key, spec in obj(mapping.get("annotations")).items()
        if (text := value(str(spec), item, root, f"annotations.{key}")) is not None
    }
    fingerprint = value(mapping.get("fingerprint"), item, root, "fingerprint") or digest(
        name, *sorted(f"{k}={v}" for k, v in labels.items())
    )
    status = value(mapping.get("status"), item, root, "status")
    return Alert(
        source=NAME,
        fingerprint=fingerprint,
        status="resolved" if status in resolved else "firing",
        labels=labels,
        annotations=annotations,
        starts=parse_time(value(mapping.get("starts_at"), item, root, "starts_at"), "starts_at"),
        ends=parse_time(value(mapping.get("ends_at"), item, root, "ends_at"), "ends_at"),
        severity=value(mapping.get("severity"), item, root, "severity") or labels.get("severity"),
    )
