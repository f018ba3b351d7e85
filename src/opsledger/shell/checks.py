"""Validator checks of recorded commands (OL7xx)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from opsledger.store.checking import CheckContext, CheckSpec, Finding, LoadedFile

_MARKER = re.compile(r"\[REDACTED:([^\]\s]+)\]")


def _commands(ctx: CheckContext) -> Iterator[tuple[LoadedFile, int, dict[str, Any]]]:
    for loaded in ctx.of_kind("task"):
        if not ctx.wanted(loaded.relpath) or not isinstance(loaded.data, dict):
            continue
        commands = loaded.data.get("commands")  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
        if not isinstance(commands, list):
            continue
        for index, entry in enumerate(commands):  # pyright: ignore[reportUnknownArgumentType, reportUnknownVariableType]
            if isinstance(entry, dict):
                yield loaded, index, entry  # pyright: ignore[reportUnknownArgumentType]


def missing_output_file(ctx: CheckContext) -> Iterator[Finding]:
    root = ctx.ws.paths.root.resolve()
    for loaded, index, entry in _commands(ctx):
        name = entry.get("output_file")
        if not isinstance(name, str):
            continue
        target = (root / name).resolve()
        inside = target.is_relative_to(root / "outputs")
        if not inside or not (name in ctx.files or target.is_file()):
            why = "is outside outputs/" if not inside else "does not exist"
            yield Finding(
                "OL701",
                f"output_file {name} {why}",
                loaded.locate(["commands", index, "output_file"]),
            )


def redaction_keys(ctx: CheckContext) -> Iterator[Finding]:
    for loaded, index, entry in _commands(ctx):
        texts = [str(entry.get("cmd") or ""), str(entry.get("output") or "")]
        if not any("[REDACTED:" in text for text in texts):
            continue  # no marker: nothing to look up (most commands)
        used = {key for text in texts for key in _MARKER.findall(text)}
        redacted: Any = entry.get("redacted") or {}
        keys: list[Any] = list(redacted) if isinstance(redacted, dict) else []  # pyright: ignore[reportUnknownArgumentType]
        known = {str(k) for k in keys}
        for key in sorted(used - known):
            yield Finding(
                "OL702",
                f"[REDACTED:{key}] has no entry in redacted",
                loaded.locate(["commands", index, "cmd"]),
                hint="add it to the entry's redacted map (null when the value is gone)",
            )


def unknown_template(ctx: CheckContext) -> Iterator[Finding]:
    names = {
        path.rsplit("/", 1)[-1].removesuffix(".yaml")
        for path in ctx.files
        if path.startswith("templates/commands/")
    }
    folder = ctx.ws.paths.root / "templates" / "commands"
    if folder.is_dir():
        names |= {p.stem for p in folder.glob("*.yaml")}
    for loaded, index, entry in _commands(ctx):
        name = entry.get("template")
        if isinstance(name, str) and name not in names:
            yield Finding(
                "OL703",
                f"unknown command template {name!r} (no templates/commands/{name}.yaml)",
                loaded.locate(["commands", index, "template"]),
            )


CHECKS: list[CheckSpec] = [
    CheckSpec("OL701", "missing-output-file", "error",
              "a command's output_file must exist under outputs/", missing_output_file),
    CheckSpec("OL702", "redaction-key-missing", "error",
              "every [REDACTED:k] marker has its key in the entry's redacted map", redaction_keys),
    CheckSpec("OL703", "unknown-command-template", "warning",
              "a command's template names a file in templates/commands/", unknown_template),
]  # fmt: skip
