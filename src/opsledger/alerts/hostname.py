"""The ``host`` filter and the inventory look-up of an alert's ``instance``.

``{{ labels.instance | host }}`` turns ``https://pg-07.db.example.com:9187/metrics``
or ``[2001:db8::7]:9100`` into the bare host. A rendered component that is not an
inventory path is then looked up by its last path segment: ``pg-07`` or
``pg-07.db.example.com`` finds ``aws/eu-west-1/prod/db/pg-07``.
"""

from __future__ import annotations

from collections.abc import Iterable


def host(value: object) -> str:
    text = str(value).strip()
    if "://" in text:
        text = text.split("://", 1)[1]
    text = text.split("/", 1)[0].rsplit("@", 1)[-1]
    if text.startswith("["):  # [v6]:port
        return text[1:].split("]", 1)[0].lower()
    if text.count(":") == 1:
        text = text.split(":", 1)[0]
    return text.lower()


def inventory_lookup(name: str, components: Iterable[str]) -> str | None:
    """The inventory path ``name`` stands for, or None: exact path, else last segment
    equal to the host or to its first DNS label."""
    known = list(components)
    cleaned = name.strip().strip("/")
    if not cleaned:
        return None
    if cleaned in known or any(p.startswith(cleaned + "/") for p in known):
        return cleaned
    short = host(cleaned)
    candidates = {short, short.split(".", 1)[0]}
    found = [p for p in known if p.rsplit("/", 1)[-1].lower() in candidates]
    return found[0] if len(found) == 1 else None


def register() -> None:
    from opsledger.render import register_filter

    register_filter("host", host)
