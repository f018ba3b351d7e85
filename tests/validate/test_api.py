"""The Python API mirrors the CLI; the parallel loader gives the serial loader's answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opsledger.ledger import Ledger
from opsledger.model.components import covers
from opsledger.model.errors import Location, UsageError
from opsledger.validate import loader
from opsledger.validate.globs import covered_paths
from opsledger.validate.registry import CORE_CHECKS
from opsledger.validate.runner import validate
from tests.validate.conftest import CASES, MakeLedger


def test_ledger_validate_and_checks(make_ledger: MakeLedger) -> None:
    repo = make_ledger("ol101-unknown-component")
    ledger = Ledger.open(repo, commit=False)
    ids = [spec.id for spec in ledger.checks()]
    assert ids[: len(CORE_CHECKS)] == [spec.id for spec in CORE_CHECKS]
    assert len(set(ids)) == len(ids), "two checks share an id"
    report = ledger.validate()
    assert not report.ok and report.exit_code == 1
    assert {f.check for f in report.findings} == {"OL101"}
    assert report.name("OL101") == "unknown-component"
    only = ledger.validate(["tasks/T-aaaaaaaa.yaml"])
    assert only.ok and only.files == 1
    with pytest.raises(UsageError):
        ledger.validate(base="nope")


@pytest.mark.parametrize("case", [c for c in CASES if c != "ol106-duplicate-id"][:6])
def test_workers_find_what_one_process_finds(
    case: str, make_ledger: MakeLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_ledger(case)
    ledger = Ledger.open(repo, commit=False)
    serial = validate(ledger.ws, jobs=1, checks=ledger.checks()).findings
    monkeypatch.setattr(loader, "PARALLEL_MIN", 1)
    ledger = Ledger.open(repo, commit=False)
    # Files parsed in workers, and checks run in workers (fanout): the same findings.
    assert validate(ledger.ws, jobs=3, checks=ledger.checks()).findings == serial


def test_every_check_id_is_in_the_catalogue(make_ledger: MakeLedger) -> None:
    catalogue = (Path(__file__).resolve().parents[2] / "docs/checks.md").read_text()
    for spec in Ledger.open(make_ledger(), commit=False).checks():
        assert f"`{spec.id}` {spec.name}" in catalogue, f"{spec.id} is not in docs/checks.md"


SEGMENT = st.sampled_from(["a", "b", "ab", "db", "pg-07", "*", "**", "a*", "*b", "p?-07"])
NAME = st.sampled_from(["a", "b", "ab", "db", "pg-07", "pg-08", "x"])


@given(
    st.lists(SEGMENT, min_size=1, max_size=5),
    st.lists(st.lists(NAME, min_size=1, max_size=5), max_size=8),
)
def test_compiled_globs_agree_with_covers(ref: list[str], paths: list[list[str]]) -> None:
    reference = "/".join(ref)
    joined = ["/".join(p) for p in paths]
    assert covered_paths(reference, joined) == [p for p in joined if covers(reference, p)]


def test_the_plain_check_context_finds_records_and_locates(make_ledger: MakeLedger) -> None:
    """The contract features see without the validator: ``LoadedFile.locate`` (front
    matter lines count from the file top), ``every`` and ``record_file``."""
    from opsledger.store.checking import CheckContext, LoadedFile

    ws = Ledger.open(make_ledger(), commit=False).ws
    change = LoadedFile("changes/CHG-aaaaaaaa.md", "change", "---\nid: CHG-aaaaaaaa\n---\n")
    change.data = {"id": "CHG-aaaaaaaa"}
    task = LoadedFile("tasks/T-aaaaaaaa.yaml", "task", "id: T-aaaaaaaa\ntags:\n  - a\n", {})
    broken = LoadedFile("tasks/T-bbbbbbbb.yaml", "task", "id: [\n")
    ctx = CheckContext(ws, {f.relpath: f for f in (change, task, broken)})
    assert change.locate(["id"]) == Location("changes/CHG-aaaaaaaa.md", 2, 5)
    assert task.locate(["tags", 0]) == Location("tasks/T-aaaaaaaa.yaml", 3, 5)
    assert task.locate(["tags"], key=True) == Location("tasks/T-aaaaaaaa.yaml", 2, 1)
    assert broken.locate(["id"]) == Location("tasks/T-bbbbbbbb.yaml")
    assert ctx.every("task") == [task]
    assert ctx.record_file("CHG-aaaaaaaa") is change
    assert ctx.record_file("T-bbbbbbbb") is None  # did not parse
    assert ctx.record_file("W-nothere0") is None


def test_a_crashing_check_keeps_what_it_found_before() -> None:
    from collections.abc import Iterator

    from opsledger.store.checking import CheckSpec, Finding
    from opsledger.validate.runner import _run_one  # pyright: ignore[reportPrivateUsage]

    def half(ctx: object) -> Iterator[Finding]:
        yield Finding("OL900", "found first", None)
        raise RuntimeError("then broke")

    spec = CheckSpec("OL900", "half-broken", "error", "yields, then raises", half)
    found = _run_one(None, spec)  # type: ignore[arg-type]
    assert [(f.check, f.message) for f in found] == [
        ("OL900", "found first"),
        ("OL199", "check OL900 half-broken crashed: RuntimeError: then broke"),
    ]
