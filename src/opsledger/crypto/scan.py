"""``secret scan``: the OL3xx checks alone, fast, for the ``opsledger-secrets`` hook."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path

from opsledger.crypto.checks import CHECKS
from opsledger.crypto.files import YAML_SUFFIXES, ledger_yaml_files
from opsledger.model.errors import ParseError
from opsledger.store.checking import CheckContext, Finding, LoadedFile
from opsledger.store.fastload import load_fast
from opsledger.store.workspace import Workspace


def _wanted_files(ws: Workspace, paths: Sequence[str | Path] | None) -> list[Path]:
    if not paths:
        return ledger_yaml_files(ws.paths.root)
    root = ws.paths.root.resolve()
    found: list[Path] = []
    for raw in paths:
        path = Path(raw).resolve()
        # pre-commit passes every staged file: keep the ledger's own text files.
        if path.is_file() and path.is_relative_to(root):
            found.append(path)
    return found


def scan_files(ws: Workspace, paths: Sequence[str | Path] | None = None) -> list[Finding]:
    """Findings of the secret checks, severities as ``opsledger.yaml`` sets them."""
    files: dict[str, LoadedFile] = {}
    for path in _wanted_files(ws, paths):
        relpath = ws.paths.rel(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        data = None
        if path.name.endswith(YAML_SUFFIXES):
            # A file that does not parse is still scanned as text; `validate` reports it.
            with suppress(ParseError):
                data = load_fast(text, relpath)
        files[relpath] = LoadedFile(relpath, "other", text, data)
    ctx = CheckContext(ws, files)
    levels: dict[str, str] = dict(ws.config_data.get("checks") or {})
    findings: list[Finding] = []
    for spec in CHECKS:
        level = levels.get(spec.id, spec.severity)
        if level == "ignore":
            continue
        for finding in spec.run(ctx):
            severity = "warning" if level == "warning" else "error"
            findings.append(
                Finding(finding.check, finding.message, finding.location, finding.hint, severity)
            )
    return findings
