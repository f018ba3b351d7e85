"""Mutated files always get findings, never a traceback, never a hang."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opsledger.ledger import Ledger
from opsledger.validate.runner import validate
from tests.validate.conftest import LEDGERS, MakeLedger

ORIGINAL = (LEDGERS / "_base/tasks/T-aaaaaaaa.yaml").read_bytes()
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20)
)
JSONISH = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)


def _mutations() -> st.SearchStrategy[bytes]:
    lines = ORIGINAL.splitlines(keepends=True)
    truncate = st.integers(0, len(ORIGINAL)).map(lambda n: ORIGINAL[:n])
    garbage = st.tuples(st.integers(0, len(ORIGINAL)), st.binary(min_size=1, max_size=8)).map(
        lambda t: ORIGINAL[: t[0]] + t[1] + ORIGINAL[t[0] :]
    )
    bad_unicode = st.tuples(st.integers(0, len(lines) - 1), st.characters()).map(
        lambda t: (
            b"".join(lines[: t[0]])
            + f"title: x{t[1]}\n".encode("utf-8", "surrogatepass")
            + b"".join(lines[t[0] + 1 :])
        )
    )
    retyped = st.tuples(st.integers(0, len(lines) - 1), JSONISH).map(
        lambda t: (
            b"".join(lines[: t[0]])
            + lines[t[0]].split(b":", 1)[0]
            + b": "
            + json.dumps(t[1]).encode()
            + b"\n"
            + b"".join(lines[t[0] + 1 :])
        )
    )
    new_key = st.tuples(st.text(min_size=1, max_size=8), JSONISH).map(
        lambda t: ORIGINAL + json.dumps({t[0]: t[1]}).encode()[1:-1] + b"\n"
    )
    dropped = st.integers(0, len(lines) - 1).map(lambda i: b"".join(lines[:i] + lines[i + 1 :]))
    deep = st.integers(1, 400).map(lambda n: ORIGINAL + b"x-deep: " + b"[" * n + b"]" * n + b"\n")
    return st.one_of(truncate, garbage, bad_unicode, retyped, new_key, dropped, deep)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=_mutations())
def test_mutated_task_files(make_ledger: MakeLedger, content: bytes) -> None:
    ledger = _ledger(make_ledger)
    path = ledger.root / "tasks/T-aaaaaaaa.yaml"
    path.write_bytes(content)
    for paths in (None, ["tasks/T-aaaaaaaa.yaml"]):
        report = validate(ledger.ws, paths, checks=ledger.checks(), cwd=ledger.root, jobs=1)
        assert not [f for f in report.findings if f.check == "OL199"], report.findings
        if not _loads_as_a_task(content):
            mine = [f for f in report.findings if f.location and f.location.file == TASK]
            assert any(f.severity == "error" for f in mine), report.findings


TASK = "tasks/T-aaaaaaaa.yaml"


def _loads_as_a_task(content: bytes) -> bool:
    from opsledger.model.task import Task
    from opsledger.store.fastload import load_fast

    try:
        data = load_fast(content, TASK)
        Task.model_validate(data if data is not None else {})
    except Exception:
        return False
    return True


_made: dict[int, Ledger] = {}


def _ledger(make_ledger: MakeLedger) -> Ledger:
    key = id(make_ledger)
    if key not in _made:
        _made.clear()
        _made[key] = Ledger.open(make_ledger(), commit=False)
    return _made[key]
