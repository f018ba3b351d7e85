"""``secret recipients add|remove``: change the rules in ``opsledger.yaml``.

``add R --path G`` appends R to the rule whose path is exactly G; without such a rule a
new one is put first, holding R plus whoever the rule that covered G so far named, so
adding a reader never takes access away from anyone.
"""

from __future__ import annotations

from typing import Any

from opsledger.crypto.fieldpath import path_glob_match
from opsledger.crypto.recipients import CONFIG
from opsledger.model.errors import NotFound, UsageError


def _names(rule: dict[str, Any]) -> list[str]:
    names: list[Any] = list(rule.get("recipients") or [])
    return [str(n) for n in names]


def _rules(doc: Any) -> list[dict[str, Any]]:
    try:
        rules = doc.get(["encryption", "rules"])
    except KeyError:
        return []
    return list(rules or [])


def add_recipient(doc: Any, recipient: str, glob: str) -> bool:
    """Change the round-trip document of opsledger.yaml; False when nothing changed."""
    rules = _rules(doc)
    for index, rule in enumerate(rules):
        if rule.get("path") == glob:
            names = _names(rule)
            if recipient in names:
                return False
            doc.append(["encryption", "rules", index, "recipients"], recipient)
            return True
    sample = glob.replace("**", "x").replace("*", "x")
    inherited: list[str] = []
    for rule in rules:
        if path_glob_match(str(rule.get("path", "**")), sample):
            inherited = _names(rule)
            break
    new_rule = {"path": glob, "recipients": [*inherited, recipient]}
    if not rules:
        doc.set(["encryption", "rules"], [new_rule])
    else:
        plain = doc.plain()["encryption"]["rules"]
        doc.set(["encryption", "rules"], [new_rule, *plain])
    return True


def remove_recipient(doc: Any, recipient: str, glob: str | None) -> int:
    """Remove from every rule (or the one whose path is ``glob``); the count removed."""
    removed = 0
    for index, rule in enumerate(_rules(doc)):
        if glob is not None and rule.get("path") != glob:
            continue
        names = _names(rule)
        if recipient not in names:
            continue
        if len(names) == 1:
            raise UsageError(
                f"{CONFIG}: the rule for {rule.get('path')!r} would have no recipients;"
                " delete the rule in the file instead"
            )
        doc.delete(["encryption", "rules", index, "recipients", names.index(recipient)])
        removed += 1
    if not removed:
        raise NotFound(f"{CONFIG}: no rule names {recipient!r}")
    return removed
