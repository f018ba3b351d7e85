"""From a normalised alert and the first matching rule to the fields of a task.

A template that fails (a label the alert lacks, say) never loses the alert: the field
falls back to its default and the problem is reported as a notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from typing import Any

from opsledger.alerts.hostname import host, inventory_lookup
from opsledger.alerts.normal import Alert, obj, seq, utc_text
from opsledger.alerts.policy import Policy, Rule
from opsledger.model.errors import OpsledgerError

_EXPR = re.compile(r"(\{\{.*?\}\})", re.S)
_SIMPLE = re.compile(r"^\{\{\s*([A-Za-z_]\w*)(?:\.([A-Za-z_]\w*))?\s*(\|\s*host\s*)?\}\}$")
_PRIORITIES = ("critical", "high", "medium", "low")
_INSTANCE = "{{ labels.instance | host }}"


@dataclass
class Plan:
    key: str
    fields: dict[str, Any]
    rule: Rule | None
    threshold: tuple[int, timedelta] | None = None
    auto_resolve: bool = False
    drop: bool = False
    notices: list[str] = field(default_factory=lambda: [])


def context(alert: Alert) -> dict[str, Any]:
    return {
        "labels": alert.labels,
        "annotations": alert.annotations,
        "fingerprint": alert.fingerprint,
        "source": alert.source,
        "status": alert.status,
        "severity": alert.severity or "",
        "starts_at": utc_text(alert.starts) if alert.starts else "",
        "ends_at": utc_text(alert.ends) if alert.ends else "",
        "links": list(alert.links),
    }


def _lookup(ctx: dict[str, Any], name: str, attr: str | None, where: str, source: str) -> str:
    value = ctx.get(name)
    if attr is not None:
        value = value.get(attr) if isinstance(value, dict) else None  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
    if value is None:
        raise OpsledgerError(f"{where}: {source} is undefined")
    return str(value)  # pyright: ignore[reportUnknownArgumentType]


# A literal piece of text, or (name, attribute, through the host filter, as written).
_Piece = str | tuple[str, str | None, bool, str]


@lru_cache(maxsize=512)
def _simple_form(source: str) -> tuple[_Piece, ...] | None:
    """``source`` split into text and simple lookups, or None when it needs the sandbox
    (parsed once per template: a storm renders the same few thousands of times)."""
    if "{%" in source or "{#" in source:
        return None
    pieces: list[_Piece] = []
    for index, part in enumerate(_EXPR.split(source)):
        if index % 2 == 0:
            pieces.append(part)
            continue
        simple = _SIMPLE.match(part)
        if simple is None:
            return None
        name, attr, filt = simple.groups()
        pieces.append((name, attr, bool(filt), part))
    return tuple(pieces)


def render_text(source: str, ctx: dict[str, Any], where: str) -> str:
    """Render a rule template. The common forms (``{{ labels.x }}``, ``| host``) are done
    here, saving the ~60 ms import of jinja2 for one alert through the CLI; anything
    else goes to the sandbox. Both treat an undefined name as an error."""
    if "{{" not in source and "{%" not in source:
        return source
    pieces = _simple_form(source)
    if pieces is not None:
        out: list[str] = []
        for piece in pieces:
            if isinstance(piece, str):
                out.append(piece)
                continue
            name, attr, filt, written = piece
            value = _lookup(ctx, name, attr, where, written)
            out.append(host(value) if filt else value)
        return "".join(out)
    from opsledger.alerts.hostname import register
    from opsledger.render import render

    register()
    return render(source, ctx, where=where)


def _default_title(alert: Alert) -> str:
    name = alert.labels.get("alertname") or alert.fingerprint
    where = alert.labels.get("instance") or alert.labels.get("host")
    summary = alert.annotations.get("summary")
    return summary or (f"{name} on {where}" if where else name)


def _default_description(alert: Alert) -> str | None:
    text = alert.annotations.get("description") or alert.annotations.get("summary") or ""
    if alert.links:
        text += ("\n\n" if text else "") + "\n".join(f"- {link}" for link in alert.links)
    return text.strip() + "\n" if text.strip() else None


def plan(alert: Alert, policy: Policy, components: list[str], people: dict[str, Any]) -> Plan:
    rule = policy.rule_for(alert.labels)
    spec: dict[str, Any] = {**policy.defaults, **(rule.fields if rule else {})}
    ctx = context(alert)
    notices: list[str] = []
    where = f"policies/alerts.yaml rules[{rule.index}]" if rule else "policies/alerts.yaml defaults"

    def text(name: str, fallback: str | None) -> str | None:
        if spec.get(name) is None:
            return fallback
        try:
            return render_text(str(spec[name]), ctx, f"{where}.{name}").strip() or fallback
        except OpsledgerError as exc:
            notices.append(f"{alert.fingerprint[:16]}: {exc.message}")
            return fallback

    key = text("dedup_key", alert.fingerprint) or alert.fingerprint
    fields: dict[str, Any] = {
        "title": " ".join((text("title", None) or _default_title(alert)).split())[:200],
        "type": spec.get("type") if spec.get("type") in ("task", "incident") else "incident",
        "priority": _priority(alert, policy, rule, spec),
    }
    for name in ("assignee", "team", "client"):
        value = text(name, None)
        if value and (name == "client" or _known(name, value, people)):
            fields[name] = value
        elif value:
            notices.append(f"{alert.fingerprint[:16]}: {name} {value!r} is not in people.yaml")
    found = _components(rule, ctx, components, where, notices, alert)
    if found:
        fields["components"] = found
    if rule and rule.tags:
        fields["tags"] = list(rule.tags)
    description = text("description", None) or _default_description(alert)
    if description:
        fields["description"] = description
    return Plan(
        key=key,
        fields=fields,
        rule=rule,
        threshold=rule.threshold if rule else None,
        auto_resolve=rule.auto_resolve if rule else False,
        drop=rule.drop if rule else False,
        notices=notices,
    )


def _priority(alert: Alert, policy: Policy, rule: Rule | None, spec: dict[str, Any]) -> str:
    if rule and rule.fields.get("priority") in _PRIORITIES:
        return str(rule.fields["priority"])
    mapped = policy.severity_map.get(alert.severity or "")
    if mapped in _PRIORITIES:
        return str(mapped)
    default = spec.get("priority")
    return str(default) if default in _PRIORITIES else "medium"


def _known(kind: str, value: str, people: dict[str, Any]) -> bool:
    if kind == "assignee":
        return value in obj(people.get("people")) or value in obj(people.get("bots"))
    members = obj(people.get("people")).values()
    return value in obj(people.get("teams")) or any(
        value in seq(obj(p).get("teams")) for p in members
    )


def _components(
    rule: Rule | None,
    ctx: dict[str, Any],
    known: list[str],
    where: str,
    notices: list[str],
    alert: Alert,
) -> list[str]:
    out: list[str] = []
    if rule and rule.components:
        out = _render_components(rule.components, ctx, known, where, notices, alert)
    # Nothing from the rule: the instance's host, looked up in the inventory.
    return out or _render_components((_INSTANCE,), ctx, known, where, [], alert)


def _render_components(
    templates: tuple[str, ...],
    ctx: dict[str, Any],
    known: list[str],
    where: str,
    notices: list[str],
    alert: Alert,
) -> list[str]:
    out: list[str] = []
    for index, template in enumerate(templates):
        try:
            rendered = render_text(template, ctx, f"{where}.components[{index}]")
        except OpsledgerError as exc:
            notices.append(f"{alert.fingerprint[:16]}: {exc.message}")
            continue
        path = inventory_lookup(rendered, known)
        if path is None:
            if rendered.strip():
                notices.append(
                    f"{alert.fingerprint[:16]}: component {rendered[:80]!r} not in inventory"
                )
        elif path not in out:
            out.append(path)
    return out
