"""The worker of a parallel build: parse a chunk of files and send back only row tuples.

Each file of a job owns one rowid (``first + its position``), so the main process writes
the rows exactly as they come, with no renumbering. The inventory, the one file of many
records, is never given to a worker.
"""

from __future__ import annotations

import marshal
from pathlib import Path

from opsledger.index.parse import parse_file
from opsledger.index.scan import Stat
from opsledger.index.writer import new_rows, pack

Job = tuple[str, list[tuple[str, Stat]], str, int, int]


def pack_many(job: Job) -> tuple[bytes, int, int]:
    """(marshalled rows, files parsed, files with errors) of one chunk. marshal, not the
    pool's pickle: 5x quicker to write and 1.6x quicker to read for tuples of plain values."""
    root, items, zone_name, first, racy_after = job
    folder = Path(root)
    rows = new_rows()
    parsed = errors = 0
    for offset, (relpath, stat) in enumerate(items):
        found = parse_file(folder, relpath, stat, zone_name)
        if found is None:
            continue
        assert len(found.records) <= 1, relpath
        pack(rows, found, first + offset, racy_after)
        parsed += 1
        errors += found.error is not None
    return marshal.dumps(rows), parsed, errors
