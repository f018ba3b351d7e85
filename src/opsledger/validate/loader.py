"""Read and parse many ledger files, on every core for whole-ledger runs.

Parsing dominates a cold run (DESIGN 7: ≤ 3 s for 10k tasks), so the files are split
between this process and forked workers. Workers send their results back with
``marshal``: the data is plain dicts, lists and scalars, and ``marshal`` moves it several
times faster than ``pickle``.
"""

from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from opsledger.validate.locate import Locator
from opsledger.validate.parsing import Parsed, parse_file, warm_models

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

Item = tuple[str, str, bool]  # (relpath, kind, check against the model)
PARALLEL_MIN = 400  # below this, starting a worker costs more than it saves


def _parse_all(root: Path, items: list[Item]) -> list[Parsed]:
    locator = Locator()
    out: list[Parsed] = []
    for relpath, kind, schema in items:
        try:
            raw = (root / relpath).read_bytes()
        except OSError as exc:
            out.append(
                (
                    relpath,
                    kind,
                    "",
                    None,
                    [("OL100", f"cannot read: {exc.strerror}", None, None, None)],
                )
            )
            continue
        out.append(parse_file(relpath, kind, raw, locator, schema))
    return out


def _worker(conn: Connection, root: Path, items: list[Item]) -> None:
    conn.send_bytes(marshal.dumps(_parse_all(root, items)))


def workers_wanted() -> int:
    if sys.platform == "win32":
        return 1
    return max(
        1,
        min(
            4,
            len(os.sched_getaffinity(0))
            if hasattr(os, "sched_getaffinity")
            else (os.cpu_count() or 1),
        ),
    )


def load_files(root: Path, items: list[Item], jobs: int | None = None) -> list[Parsed]:
    """Parse ``(relpath, kind, schema)`` items; the result keeps the order of ``items``."""
    jobs = workers_wanted() if jobs is None else jobs
    if jobs < 2 or len(items) < PARALLEL_MIN:
        return _parse_all(root, items)
    import multiprocessing

    warm_models({kind for _relpath, kind, schema in items if schema})
    context = multiprocessing.get_context("fork")
    # This process also unmarshals the workers' results (~7 % of parsing a file), so it
    # takes a slightly smaller share.
    own = len(items) * 47 // (50 * jobs)
    rest = items[own:]
    step = -(-len(rest) // (jobs - 1))
    chunks = [rest[i : i + step] for i in range(0, len(rest), step)]
    running: list[tuple[BaseProcess, Connection, list[Item]]] = []
    for chunk in chunks:
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_worker, args=(sender, root, chunk), daemon=True)
        process.start()
        sender.close()
        running.append((process, receiver, chunk))
    results = _parse_all(root, items[:own])
    for process, receiver, chunk in running:
        try:
            results.extend(marshal.loads(receiver.recv_bytes()))
        except (EOFError, OSError, ValueError):  # a worker died: do its share here
            results.extend(_parse_all(root, chunk))
        process.join()
    return results
