"""A brute-force evaluator of queries over the parsed records: the reference the index is
checked against. It shares only the parser with the index."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, tzinfo
from typing import Any

from opsledger.index.qast import And, Node, Not, Or, Term, Text
from opsledger.index.qvalues import date_range
from opsledger.model.components import intersects

RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1}
DEFAULTS = {"type": "task", "status": "open", "priority": "medium"}
OPEN = {"open", "assigned", "in_progress", "blocked"}
ALIASES = {"kind": "type", "tags": "tag", "labels": "label", "components": "component",
           "depends": "depends_on", "prio": "priority"}  # fmt: skip
DATES = ("created", "updated", "due", "assigned_at", "started_at", "resolved_at", "start", "end")


def tokens(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return re.findall(r"[^\W_]+", folded)


def _has_phrase(haystack: list[str], needle: list[str], prefix: bool) -> bool:
    n = len(needle)
    for i in range(len(haystack) - n + 1):
        window = haystack[i : i + n]
        if window[:-1] == needle[:-1] and (
            window[-1].startswith(needle[-1]) if prefix else window[-1] == needle[-1]
        ):
            return True
    return False


def texts_of(data: dict[str, Any]) -> list[str]:
    """The separately indexed texts of a task: title, body, and each command's columns."""
    body = [data.get("description"), data.get("resolution")]
    body += [e.get("text") for e in data.get("events") or []]
    out = [data.get("title") or "", "\n".join(b for b in body if b)]
    for command in data.get("commands") or []:
        out += [command.get(k) or "" for k in ("cmd", "output", "host", "user")]
    return out


def epoch(value: Any, zone: tzinfo) -> int | None:
    if not isinstance(value, str):
        return None
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return int(moment.timestamp())


class Brute:
    def __init__(self, now: datetime, zone: tzinfo, me: str | None) -> None:
        self.now, self.zone, self.me = now, zone, me

    def matches(self, node: Node, data: dict[str, Any]) -> bool:
        if isinstance(node, And):
            return all(self.matches(i, data) for i in node.items)
        if isinstance(node, Or):
            return any(self.matches(i, data) for i in node.items)
        if isinstance(node, Not):
            return not self.matches(node.item, data)
        if isinstance(node, Text):
            needle = tokens(node.text)
            return any(_has_phrase(tokens(t), needle, node.prefix) for t in texts_of(data))
        return self.term(node, data)

    def value(self, data: dict[str, Any], key: str) -> Any:
        return data.get(key, DEFAULTS.get(key))

    def term(self, term: Term, data: dict[str, Any]) -> bool:
        field = ALIASES.get(term.field, term.field)
        wanted = [v.strip().lower() for v in term.value.split(",") if v.strip()]
        if field in ("assignee", "owner"):
            wanted = [(self.me or "").lower() if v == "me" else v for v in wanted]
        if wanted == ["none"] and field not in ("tag", "label", "component", "is", "id"):
            return self.value(data, field) is None
        if field in ("id", "parent", "change", "window"):
            return _id_prefix(data.get(field), term.value)
        if field == "title":
            return term.value.lower() in (data.get("title") or "").lower()
        if field == "priority":
            rank = RANK.get(self.value(data, "priority"))
            if rank is None:
                return False
            if term.op == "=":
                return rank in [RANK[v] for v in wanted]
            return _cmp(rank, term.op, RANK[wanted[0]])
        if field in DATES:
            at = epoch(data.get(field), self.zone)
            if at is None:
                return False
            low, high = date_range(term.value, self.now, self.zone)
            return {"=": low <= at < high, ">": at >= high, ">=": at >= low, "<": at < low,
                    "<=": at < high}[term.op]  # fmt: skip
        if field == "tag":
            return any(t.lower() in wanted for t in data.get("tags") or [])
        if field == "label":
            key, has_value, value = term.value.partition("=")
            labels = data.get("labels") or {}
            if not has_value:
                return key in labels
            return key in labels and str(labels[key]).lower() == value.lower()
        if field == "component":
            refs = data.get("components") or []
            return any(intersects(w.strip("/"), r) for w in term.value.split(",") for r in refs)
        if field == "depends_on":
            return any(_id_prefix(t, term.value) for t in data.get("depends_on") or [])
        if field == "is":
            return any(self._is(v, data) for v in wanted)
        value = self.value(data, field)
        return isinstance(value, str) and value.lower() in wanted

    def _is(self, what: str, data: dict[str, Any]) -> bool:
        status = self.value(data, "status")
        if what == "open":
            return status in OPEN
        if what == "closed":
            return status in ("done", "cancelled")
        if what == "blocked":
            return status == "blocked"
        if what == "overdue":
            due = epoch(data.get("due"), self.zone)
            return status in OPEN and due is not None and due < int(self.now.timestamp())
        if what in ("task", "incident"):
            return self.value(data, "type") == what
        return False  # recurring: tasks never recur


def _id_prefix(value: Any, prefix: str) -> bool:
    if not isinstance(value, str):
        return False
    own = value.lower()
    for wanted in (p.strip().lower() for p in prefix.split(",") if p.strip()):
        if own.startswith(wanted) if "-" in wanted else own.split("-", 1)[-1].startswith(wanted):
            return True
    return False


def _cmp(a: float, op: str, b: float) -> bool:
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "=": a == b}[op]


def sort_ids(records: list[dict[str, Any]], spec: str, zone: tzinfo) -> list[str]:
    """Sort like the index: each key ascending or '-' descending, nulls last, then id, path."""
    keys: list[tuple[str, bool]] = []
    for raw in spec.split(","):
        keys.append((raw.lstrip("-"), raw.startswith("-")))

    def key_value(data: dict[str, Any], name: str) -> Any:
        if name == "priority":
            return RANK.get(data.get("priority", "medium"))
        if name in DATES:
            return epoch(data.get(name), zone)
        value = data.get(name, DEFAULTS.get(name))
        return value if isinstance(value, str) else None

    ordered = sorted(records, key=lambda d: (d["id"], d["_path"]))
    for name, desc in reversed(keys):
        present = [d for d in ordered if key_value(d, name) is not None]
        missing = [d for d in ordered if key_value(d, name) is None]
        present.sort(key=lambda d: key_value(d, name), reverse=desc)
        ordered = present + missing
    return [d["id"] for d in ordered]
