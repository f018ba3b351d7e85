"""Reading every window of a ledger into specs, sorted by id."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from opsledger.model.errors import NotFound, ParseError
from opsledger.schedule.spec import Problem, WindowSpec, parse_window
from opsledger.store.fastload import load_fast
from opsledger.store.idresolve import resolve_id
from opsledger.store.workspace import Workspace


@dataclass
class Loaded:
    windows: list[WindowSpec]
    problems: dict[str, list[Problem]]  # relpath → problems (only files that have some)
    texts: dict[str, str]


def window_files(ws: Workspace) -> dict[str, Path]:
    return {p.name[: -len(".yaml")]: p for p in ws.paths.iter_record_files("window")}


def find_window(ws: Workspace, fragment: str) -> tuple[str, Path]:
    files = window_files(ws)
    window_id = resolve_id(fragment, files, ws.id_prefix("window"))
    return window_id, files[window_id]


def read_window(
    ws: Workspace, path: Path, relpath: str | None = None
) -> tuple[dict[str, Any], str]:
    relpath = relpath or ws.paths.rel(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotFound(f"{relpath} does not exist") from None
    data = load_fast(text, relpath)
    if not isinstance(data, dict):
        raise ParseError(f"{relpath}: a window file must hold a mapping")
    return data, text  # pyright: ignore[reportUnknownVariableType]


def _universal_newlines(text: str) -> str:
    """What ``read_text`` gives for these bytes (its locations count lines the same way)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def default_zone(ws: Workspace) -> str:
    return str(ws.config_data.get("timezone") or "UTC")


def build(
    items: Iterable[tuple[str, Any, str]], zone: str, known: list[str] | None = None
) -> Loaded:
    """Specs from (relpath, data, text); unusable windows are left out but their problems kept."""
    from opsledger.schedule.refs import KnownComponents

    matcher = KnownComponents(known) if known is not None else None
    out = Loaded([], {}, {})
    for relpath, data, text in items:
        out.texts[relpath] = text
        if not isinstance(data, dict):
            out.problems[relpath] = [((), "a window file must hold a mapping")]
            continue
        spec, problems = parse_window(data, relpath, default_zone=zone, known_components=matcher)  # pyright: ignore[reportUnknownArgumentType]
        if problems:
            out.problems[relpath] = problems
        if spec is not None:
            out.windows.append(spec)
    out.windows.sort(key=lambda w: (w.id, w.relpath))
    return out


def load_windows(ws: Workspace, known: list[str] | None = None) -> Loaded:
    """Every window; those a current index parsed as they are now come from it (their
    bytes are hashed), the rest are parsed here."""
    from opsledger.index.service import Index

    files = ws.paths.record_relpaths("window")
    as_indexed = Index(ws).files_as_indexed([relpath for relpath, _ in files])

    def items() -> Iterable[tuple[str, Any, str]]:
        for relpath, path in files:
            if relpath in as_indexed:
                text, data = as_indexed[relpath]
                yield relpath, data, _universal_newlines(text)
            else:
                data, text = read_window(ws, Path(path), relpath)
                yield relpath, data, text

    return build(items(), default_zone(ws), known)
