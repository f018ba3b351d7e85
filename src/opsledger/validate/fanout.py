"""Run the checks of a whole-ledger validation on every core.

Checks are independent functions of the loaded files, so after loading, this process forks
workers that share the data copy-on-write; each process takes the next group of checks
until none is left, and the workers send their findings back with ``marshal``. A group is
the checks of one module: checks that share work (the window checks compute their issues
once) stay in one process. The findings are put back in the order of the checks, so the
report is the same as from one process.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from opsledger.model.errors import Location
from opsledger.store.checking import CheckContext, CheckSpec, Finding

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

RunOne = Callable[[CheckContext, CheckSpec], list[Finding]]
# (check, message, file, line, column, hint, severity)
_Row = tuple[str, str, str | None, int | None, int | None, str | None, str | None]


def _groups(specs: Sequence[CheckSpec]) -> list[list[int]]:
    """Spec indexes by the module of their function; the features' groups first (they
    cross files and cost the most), the core's many small ones last, to fill in."""
    by_module: dict[str, list[int]] = {}
    for index, spec in enumerate(specs):
        by_module.setdefault(getattr(spec.run, "__module__", "") or "", []).append(index)
    return list(reversed(by_module.values()))


def _rows(findings: list[Finding]) -> list[_Row]:
    rows: list[_Row] = []
    for f in findings:
        where = f.location
        if where is None:
            rows.append((f.check, f.message, None, None, None, f.hint, f.severity))
        else:
            rows.append(
                (f.check, f.message, where.file, where.line, where.column, f.hint, f.severity)
            )
    return rows


def _findings(rows: list[_Row]) -> list[Finding]:
    return [
        Finding(
            check,
            message,
            Location(file, line, column) if file is not None else None,
            hint,
            severity,  # pyright: ignore[reportArgumentType]
        )
        for check, message, file, line, column, hint, severity in rows
    ]


def _take(counter: Any, total: int) -> int | None:
    with counter.get_lock():
        taken = int(counter.value)
        if taken >= total:
            return None
        counter.value = taken + 1
    return taken


def _work(
    ctx: CheckContext,
    specs: Sequence[CheckSpec],
    groups: list[list[int]],
    counter: Any,
    run_one: RunOne,
) -> dict[int, list[Finding]]:
    done: dict[int, list[Finding]] = {}
    while (taken := _take(counter, len(groups))) is not None:
        for index in groups[taken]:
            done[index] = run_one(ctx, specs[index])
    return done


def _worker(
    conn: Connection,
    ctx: CheckContext,
    specs: Sequence[CheckSpec],
    groups: list[list[int]],
    counter: Any,
    run_one: RunOne,
) -> None:
    done = _work(ctx, specs, groups, counter, run_one)
    conn.send_bytes(marshal.dumps({i: _rows(found) for i, found in done.items()}))


def run_parallel(
    ctx: CheckContext, specs: Sequence[CheckSpec], jobs: int, run_one: RunOne
) -> list[Finding]:
    """Every spec's findings, in the order of ``specs``, computed by ``jobs`` processes."""
    import gc
    import multiprocessing

    groups = _groups(specs)
    context = multiprocessing.get_context("fork")
    counter = context.Value("i", 0)
    # Frozen objects are not scanned by the collector: the workers then leave the shared
    # pages of the loaded data alone instead of copying them.
    gc.freeze()
    running: list[tuple[Any, Connection]] = []
    try:
        for _ in range(min(jobs, len(groups)) - 1):
            receiver, sender = context.Pipe(duplex=False)
            # Not a daemon: a check may start workers of its own (loading every window).
            process = context.Process(
                target=_worker, args=(sender, ctx, specs, groups, counter, run_one)
            )
            process.start()
            sender.close()
            running.append((process, receiver))
        done = _work(ctx, specs, groups, counter, run_one)
        for process, receiver in running:
            try:
                rows: dict[int, list[_Row]] = marshal.loads(receiver.recv_bytes())
                done.update((i, _findings(found)) for i, found in rows.items())
            except (EOFError, OSError, ValueError):
                pass  # a worker died: its groups are run again below
            process.join()
    finally:
        gc.unfreeze()
    found: list[Finding] = []
    for index, spec in enumerate(specs):
        if index not in done:
            done[index] = run_one(ctx, spec)
        found.extend(done[index])
    return found
