"""Output formats of ``validate``: text, json, github (workflow commands), sarif 2.1.0.

``prefix`` turns ledger-relative paths into the paths the reader resolves: relative to
the current directory for people, to the repository top for GitHub and SARIF.
"""

from __future__ import annotations

import json
from typing import Any

from opsledger.store.checking import Finding
from opsledger.validate.report import Report

JSON_VERSION = 1
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
CATALOGUE = "docs/checks.md"  # of the opsledger project: id, name, meaning, fix


def _path(finding: Finding, prefix: str) -> str | None:
    if finding.location is None or not finding.location.file:
        return None
    return prefix + finding.location.file


def text(report: Report, prefix: str = "") -> str:
    lines: list[str] = []
    for f in report.findings:
        path = _path(f, prefix)
        where = "opsledger"
        if path is not None and f.location is not None:
            where = path + "".join(
                f":{n}" for n in (f.location.line, f.location.column) if n is not None
            )
        lines.append(f"{where}: {f.severity}: {f.message} [{f.check}]")
        if f.hint:
            lines.append(f"    hint: {f.hint}")
    return "".join(line + "\n" for line in lines)


def summary(report: Report) -> str:
    if not report.findings:
        return f"{report.files} files checked: no findings"
    return f"{report.files} files checked: {report.errors} errors, {report.warnings} warnings"


def as_json(report: Report, prefix: str = "") -> str:
    findings = [
        {
            "check": f.check,
            "name": report.name(f.check),
            "severity": f.severity,
            "message": f.message,
            "file": _path(f, prefix),
            "line": f.location.line if f.location else None,
            "column": f.location.column if f.location else None,
            "hint": f.hint,
        }
        for f in report.findings
    ]
    document = {
        "version": JSON_VERSION,
        "ok": report.ok,
        "base": report.base,
        "summary": {"files": report.files, "errors": report.errors, "warnings": report.warnings},
        "findings": findings,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(report: Report, prefix: str = "") -> str:
    """GitHub Actions workflow commands: each finding annotates its line in the PR."""
    lines: list[str] = []
    for f in report.findings:
        command = "error" if f.severity == "error" else "warning"
        props = [f"title={_escape_property(f'{f.check} {report.name(f.check)}')}"]
        path = _path(f, prefix)
        if path is not None and f.location is not None:
            props.insert(0, f"file={_escape_property(path)}")
            if f.location.line is not None:
                props.insert(1, f"line={f.location.line}")
            if f.location.column is not None:
                props.insert(2, f"col={f.location.column}")
        message = f.message + (f" (hint: {f.hint})" if f.hint else "") + f" [{f.check}]"
        lines.append(f"::{command} {','.join(props)}::{_escape_data(message)}")
    return "".join(line + "\n" for line in lines)


def sarif(report: Report, prefix: str = "", version: str = "0") -> str:
    used = sorted({f.check for f in report.findings} | set(report.specs))
    index = {check: i for i, check in enumerate(used)}
    rules: list[dict[str, Any]] = []
    for check in used:
        spec = report.specs.get(check)
        rule: dict[str, Any] = {
            "id": check,
            "name": report.name(check),
            "shortDescription": {"text": spec.summary if spec else check},
            "help": {"text": f"see {CATALOGUE}, {check}"},
        }
        if spec is not None:
            rule["defaultConfiguration"] = {"level": spec.severity}
        rules.append(rule)
    results = [_sarif_result(f, index[f.check], prefix) for f in report.findings]
    tool = {"driver": {"name": "opsledger", "version": version, "rules": rules}}
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": tool, "results": results, "columnKind": "unicodeCodePoints"}],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _sarif_result(f: Finding, rule_index: int, prefix: str) -> dict[str, Any]:
    message = f.message + (f". Hint: {f.hint}" if f.hint else "")
    result: dict[str, Any] = {
        "ruleId": f.check,
        "ruleIndex": rule_index,
        "level": "error" if f.severity == "error" else "warning",
        "message": {"text": message},
    }
    path = _path(f, prefix)
    if path is not None and f.location is not None:
        region: dict[str, int] = {}
        if f.location.line is not None:
            region["startLine"] = f.location.line
            if f.location.column is not None:
                region["startColumn"] = f.location.column
        physical: dict[str, Any] = {"artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"}}
        if region:
            physical["region"] = region
        result["locations"] = [{"physicalLocation": physical}]
    return result


FORMATS = {"text": text, "json": as_json, "github": github, "sarif": sarif}
