"""Rejected payloads, kept in ``state/alerts/rejected/`` with the reason, until replayed."""

from __future__ import annotations

import base64
import json
import secrets
from datetime import datetime
from pathlib import Path
from typing import Any

from opsledger.alerts.normal import utc_text
from opsledger.model.errors import NotFound
from opsledger.store.atomic import write_atomic
from opsledger.store.workspace import Workspace

_KEEP_BODY = 8 << 20  # a larger body is cut: the reason already says it was too large


def folder(ws: Workspace) -> Path:
    return ws.paths.state / "alerts" / "rejected"


def store(ws: Workspace, source: str, body: bytes, reason: str, at: datetime) -> str:
    """Keep ``body`` and the reason; returns the rejection id (sortable by time)."""
    rid = utc_text(at).replace("-", "").replace(":", "") + "-" + secrets.token_hex(3)
    kept = body[:_KEEP_BODY]
    try:
        text: dict[str, str] = {"body": kept.decode("utf-8")}
    except UnicodeDecodeError:
        text = {"body_base64": base64.b64encode(kept).decode("ascii")}
    entry = {
        "id": rid,
        "at": utc_text(at),
        "source": source,
        "reason": reason,
        "bytes": len(body),
        **text,
    }
    target = folder(ws) / f"{rid}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, json.dumps(entry, ensure_ascii=False))
    return rid


def listing(ws: Workspace) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in sorted(folder(ws).glob("*.json")):
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        out.append({k: entry.get(k) for k in ("id", "at", "source", "bytes", "reason")})
    return out


def find(ws: Workspace, fragment: str) -> Path:
    matches = (
        sorted(folder(ws).glob(f"{fragment}*.json")) if fragment and "/" not in fragment else []
    )
    if len(matches) != 1:
        what = "no" if not matches else "more than one"
        raise NotFound(
            f"{what} rejected payload matches {fragment!r} (see: opsledger alert rejected list)"
        )
    return matches[0]


def load(ws: Workspace, fragment: str) -> dict[str, Any]:
    return json.loads(find(ws, fragment).read_text(encoding="utf-8"))


def body_of(entry: dict[str, Any]) -> bytes:
    if "body_base64" in entry:
        return base64.b64decode(entry["body_base64"])
    return str(entry.get("body", "")).encode("utf-8")


def remove(ws: Workspace, fragment: str) -> None:
    find(ws, fragment).unlink()
