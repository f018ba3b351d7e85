"""One broken ledger per check: exactly the expected findings, positions included."""

from __future__ import annotations

from pathlib import Path

import pytest

from opsledger.validate.registry import CORE_CHECKS
from tests.cli.conftest import Runner
from tests.conftest import GoldenCheck
from tests.validate.conftest import CASES, NOW, MakeLedger


def test_the_base_ledger_is_clean(make_ledger: MakeLedger, run: Runner) -> None:
    make_ledger()
    result = run("--now", NOW, "validate")
    assert (result.code, result.out) == (0, ""), result.out
    assert "7 files checked: no findings" in result.err


def _core_only(text: str) -> str:
    """The findings of the core checks (features' checks have fixtures of their own)."""
    core = {spec.id for spec in CORE_CHECKS}
    out: list[str] = []
    keep = False
    for line in text.splitlines(keepends=True):
        if not line.startswith("    hint: "):
            keep = line.rstrip()[-6:-1] in core
        if keep:
            out.append(line)
    return "".join(out)


@pytest.mark.parametrize("case", CASES)
def test_case_yields_its_findings(
    case: str, make_ledger: MakeLedger, run: Runner, golden: GoldenCheck
) -> None:
    make_ledger(case)
    result = run("--now", NOW, "validate")
    check = case.split("-", 1)[0].upper()
    assert f"[{check}]" in result.out, result.out + result.err
    # A warning-only case passes (exit 0) unless --strict.
    assert result.code == (0 if check == "OL105" else 1), result.out
    golden(Path(f"{case}.txt"), _core_only(result.out))


def test_strict_turns_warnings_into_errors(make_ledger: MakeLedger, run: Runner) -> None:
    make_ledger("ol105-decommissioned-component")
    result = run("--now", NOW, "validate", "--strict")
    assert result.code == 1
    assert ": error: component 'onprem/dc1/net/core-sw-1' was decommissioned" in result.out


def test_severities_come_from_opsledger_yaml(make_ledger: MakeLedger, run: Runner) -> None:
    repo = make_ledger("ol101-unknown-component")
    config = repo / "opsledger.yaml"
    config.write_text(config.read_text().replace("OL402: ignore", "OL101: warning, OL105: error"))
    result = run("--now", NOW, "validate")
    assert result.code == 0 and ": warning: unknown component" in result.out
    config.write_text(config.read_text().replace("OL101: warning", "OL101: ignore"))
    result = run("--now", NOW, "validate")
    assert (result.code, result.out) == (0, "")


def test_decommissioned_is_silent_on_closed_tasks_and_before_the_date(
    make_ledger: MakeLedger, run: Runner
) -> None:
    repo = make_ledger("ol105-decommissioned-component")
    result = run("--now", "2026-08-31T12:00:00+02:00", "validate")
    assert (result.code, result.out) == (0, "")
    task = repo / "tasks/T-cccccccc.yaml"
    task.write_text(task.read_text().replace("status: open", "status: cancelled"))
    assert run("--now", NOW, "validate").out == ""
