"""Which files of a ledger the validator reads, and what kind each one is."""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

TOP_FILES = {"opsledger.yaml": "config", "people.yaml": "people", "inventory.yaml": "inventory"}
RECORD_FOLDERS = {"tasks": ("task", ".yaml"), "windows": ("window", ".yaml")}
RECORD_FOLDERS["changes"] = ("change", ".md")
RECORD_KINDS = ("task", "window", "change")
CONFIG_KINDS = frozenset({"config", "people", "inventory"})


def kind_of(relpath: str) -> str | None:
    """The kind of a ledger-relative path, or None when the validator does not read it."""
    if relpath in TOP_FILES:
        return TOP_FILES[relpath]
    parts = relpath.split("/")
    name = parts[-1]
    if name.startswith("."):
        return None
    folder = RECORD_FOLDERS.get(parts[0])
    if folder is not None and len(parts) > 1:
        return folder[0] if name.endswith(folder[1]) else None
    if len(parts) == 2 and parts[0] == "policies" and name.endswith(".yaml"):
        return "policy:" + name[: -len(".yaml")]
    if len(parts) == 3 and parts[:2] == ["templates", "commands"] and name.endswith(".yaml"):
        return "template"
    return None


def record_id_of(relpath: str) -> str:
    """The id a record file's name promises (``tasks/2026/T-3kq9f2xw.yaml`` → T-3kq9f2xw)."""
    name = relpath.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0]


def _walk(root: Path, folder: str, suffix: str, out: list[str]) -> None:
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = list(os.scandir(root / current))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = f"{current}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                stack.append(rel)
            elif entry.name.endswith(suffix):
                out.append(rel)


def record_files(root: Path) -> list[str]:
    """Every task, window and change file (ledger-relative), found by name only."""
    out: list[str] = []
    for folder, (_kind, suffix) in RECORD_FOLDERS.items():
        _walk(root, folder, suffix, out)
    return out


def support_files(root: Path) -> list[str]:
    """Configuration, policies and command templates: small, always read."""
    out = [name for name in TOP_FILES if (root / name).is_file()]
    for folder in ("policies", "templates/commands"):
        found: list[str] = []
        with suppress(FileNotFoundError, NotADirectoryError):
            found = [e.name for e in os.scandir(root / folder) if e.is_file()]
        out.extend(f"{folder}/{n}" for n in sorted(found) if kind_of(f"{folder}/{n}"))
    return out
