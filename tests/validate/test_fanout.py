"""Checks run in forked workers give the findings one process gives, in the same order,
even when a check crashes or a worker dies."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest

from opsledger.ledger import Ledger
from opsledger.model.errors import Location
from opsledger.store.checking import CheckContext, CheckSpec, Finding
from opsledger.validate import loader
from opsledger.validate.runner import validate
from tests.validate.conftest import MakeLedger

PARENT = os.getpid()


def _per_task(ctx: CheckContext) -> Iterator[Finding]:
    for f in ctx.of_kind("task"):
        yield Finding("OL901", f"task {f.relpath}", f.locate(["title"]), "a hint")
    yield Finding("OL901", "no location", None, None, "warning")


def _crashes(ctx: CheckContext) -> Iterator[Finding]:
    raise RuntimeError("boom\nsecond line")


def _killer(number: int) -> CheckSpec:
    def run(ctx: CheckContext) -> Iterator[Finding]:
        if os.getpid() != PARENT:
            os._exit(3)  # a worker dies without a word: its share is run again here
        time.sleep(0.2)  # leave the worker time to start and take a group
        yield Finding(f"OL90{number}", "from the parent", Location("opsledger.yaml", 1, 1))

    run.__module__ = f"killer{number}"  # a group of its own
    return CheckSpec(f"OL90{number}", f"killer-{number}", "error", "kills its worker", run)


EXTRA = [
    CheckSpec("OL901", "per-task", "error", "one per task", _per_task),
    CheckSpec("OL902", "crashes", "error", "always crashes", _crashes),
]


@pytest.mark.parametrize("jobs", [2, 3])
def test_workers_give_the_findings_of_one_process(
    jobs: int, make_ledger: MakeLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_ledger("ol101-unknown-component")
    checks = [*Ledger.open(repo, commit=False).checks(), *EXTRA]
    serial = validate(Ledger.open(repo, commit=False).ws, jobs=1, checks=checks)
    monkeypatch.setattr(loader, "PARALLEL_MIN", 1)
    parallel = validate(Ledger.open(repo, commit=False).ws, jobs=jobs, checks=checks)
    assert parallel.findings == serial.findings
    checks_found = {f.check for f in parallel.findings}
    assert {"OL101", "OL901", "OL199"} <= checks_found
    crash = next(f for f in parallel.findings if f.check == "OL199")
    assert crash.message == "check OL902 crashes crashed: RuntimeError: boom"


def test_a_dead_worker_costs_no_findings(
    make_ledger: MakeLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_ledger("ol101-unknown-component")
    checks = [*Ledger.open(repo, commit=False).checks(), *(_killer(n) for n in (3, 4, 5))]
    serial = validate(Ledger.open(repo, commit=False).ws, jobs=1, checks=checks)
    monkeypatch.setattr(loader, "PARALLEL_MIN", 1)
    parallel = validate(Ledger.open(repo, commit=False).ws, jobs=2, checks=checks)
    assert parallel.findings == serial.findings
    assert {"OL903", "OL904", "OL905"} <= {f.check for f in parallel.findings}


def _windows_everywhere(number: int) -> CheckSpec:
    def run(ctx: CheckContext) -> Iterator[Finding]:
        if os.getpid() == PARENT:
            time.sleep(0.2)  # leave the worker time to start and take a group
        for window in ctx.every("window"):
            yield Finding(f"OL91{number}", "seen", Location(window.relpath, 1, 1))

    run.__module__ = f"windows{number}"  # a group of its own
    return CheckSpec(f"OL91{number}", f"every-window-{number}", "error", "reads all", run)


def test_a_check_in_a_worker_may_start_workers_of_its_own(
    make_ledger: MakeLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the fast path a changed window loads every other window, in parallel when
    there are many: from inside a worker too."""
    repo = make_ledger()
    (repo / "windows/W-bbbbbbbb.yaml").write_text(
        "id: W-bbbbbbbb\ntitle: Freeze\nkind: freeze\nstart: 2026-12-05T23:00:00+01:00\n"
        'duration: 2h\ncomponents: ["aws/eu-west-1/prod/db/pg-07"]\nowner: olivia\n'
    )
    paths = ["windows/W-bbbbbbbb.yaml", "tasks/T-aaaaaaaa.yaml"]
    checks = [*Ledger.open(repo, commit=False).checks(), *map(_windows_everywhere, (1, 2, 3))]
    serial = validate(Ledger.open(repo, commit=False).ws, paths, jobs=1, checks=checks)
    monkeypatch.setattr(loader, "PARALLEL_MIN", 1)
    parallel = validate(Ledger.open(repo, commit=False).ws, paths, jobs=2, checks=checks)
    assert parallel.findings == serial.findings
    assert sorted({f.check for f in parallel.findings}) == ["OL403", "OL911", "OL912", "OL913"]
