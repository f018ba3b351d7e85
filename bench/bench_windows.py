"""Window check budget (DESIGN 7): 1,000 windows incl. recurrences over 90 days <= 200 ms in
process; 100,000 occurrences <= 2 s; side by side with the naive pairwise method and with an
interval tree queried once per occurrence.

    python3 bench/gen_corpus.py --tasks 10000 --commands 100000 --windows 1000 --seed 1 CORPUS
    .venv/bin/python bench/bench_windows.py CORPUS

Times are in-process medians with cold caches (rules recompiled, reference pairs re-decided
every run); loading the files is reported separately: ``load_files_ms`` parses them all,
``load_files_indexed_ms`` reads them in a copy with a current index (hashed, their data
from the index, as wherever ``list`` or ``status`` has run). ``detect_ms`` is expansion, sweep and
capacity without any message; ``issues_ms_25_suggestions`` is the whole check as
``window check`` runs it (every issue message, the earliest 25 with a next free slot): the
figure the budget is for. ``issues_ms_no_suggestions`` leaves out the free-slot searches.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import OPSLEDGER, report

from opsledger.ledger import Ledger
from opsledger.model.clock import FixedClock
from opsledger.model.components import intersects
from opsledger.model.timestamps import parse_timestamp
from opsledger.schedule import cronrule, expand, refs, simplerule
from opsledger.schedule.capacity import overloads, team_capacities
from opsledger.schedule.conflicts import expand_all, sweep
from opsledger.schedule.index import OccurrenceIndex
from opsledger.schedule.load import load_windows
from opsledger.schedule.naive import naive_collisions
from opsledger.schedule.pairs import PairCache
from opsledger.schedule.runner import CheckInput, run_checks
from opsledger.schedule.spec import WindowSpec

NOW = parse_timestamp("2026-11-21T12:00:00+01:00")  # the corpus generator's "now"


def cold() -> None:
    caches = (expand._compiled, expand._body_rule, cronrule.cron_as_rrule)  # pyright: ignore[reportPrivateUsage]
    for cached in (*caches, simplerule.simple_rule, refs.refs_meet, refs.literal_head):
        cached.cache_clear()
    refs.simple_segments.cache_clear()
    intersects.cache_clear()  # the component matcher memoises too


def timed(work: Callable[[], object], runs: int) -> tuple[float, object]:
    samples: list[float] = []
    result: object = None
    for _ in range(runs):
        cold()
        start = time.perf_counter()
        result = work()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), result


def detect(windows: list[WindowSpec], people: dict[str, object], since: int, until: int) -> int:
    occs = expand_all(windows, since, until)
    found = sweep(windows, occs)
    return len(found) + len(overloads(windows, occs, team_capacities(people)))


def tree_batch(windows: list[WindowSpec], since: int, until: int) -> int:
    """The alternative the sweep was measured against: one range query per occurrence."""
    index = OccurrenceIndex(windows, since, until)
    cache = PairCache(windows)
    found = set()
    for start, end, i in expand_all(windows, since, until):
        for other_start, other_end, j in index.overlapping(start, end):
            if i < j and cache.kind(i, j) is not None:
                found.add((max(start, other_start), min(end, other_end), i, j))
    return len(found)


def _indexed_load_ms(corpus: Path) -> float:
    """Loading the windows where a current index exists (a copy of the corpus with its
    index built): the files are read and hashed, their data comes from the index."""
    with tempfile.TemporaryDirectory(prefix="opsledger-bench-windows-") as scratch:
        copy = Path(scratch) / "corpus"
        shutil.copytree(corpus, copy, symlinks=True)
        subprocess.run(
            [OPSLEDGER, "-C", str(copy), "index", "rebuild"], check=True, capture_output=True
        )
        ws = Ledger.open(copy, clock=FixedClock(NOW)).ws
        ms, _ = timed(lambda: load_windows(ws), 5)
        return ms


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit("usage: bench_windows.py CORPUS (made by bench/gen_corpus.py)")
    corpus = Path(sys.argv[1])
    ledger = Ledger.open(corpus, clock=FixedClock(NOW))
    start = time.perf_counter()
    loaded = load_windows(ledger.ws)
    load_ms = (time.perf_counter() - start) * 1000
    indexed_ms = _indexed_load_ms(corpus)
    windows, people = loaded.windows, ledger.ws.people_data
    since = int(NOW.timestamp())
    until = int((NOW + timedelta(days=90)).timestamp())
    occs = len(expand_all(windows, since, until))
    recurring = sum(w.recurring for w in windows)
    ms, hits = timed(lambda: detect(windows, people, since, until), 7)
    tree_ms, _ = timed(lambda: tree_batch(windows, since, until), 3)
    naive_ms, naive = timed(lambda: naive_collisions(windows, since, until), 1)
    source = CheckInput(loaded, people, [], ledger.ws.zone)
    full_ms, issues = timed(lambda: run_checks(source, NOW, NOW + timedelta(days=90), suggest=0), 5)
    suggest_ms, _ = timed(lambda: run_checks(source, NOW, NOW + timedelta(days=90)), 3)
    report(
        "window-check-90d",
        {
            "windows": len(windows),
            "recurring": recurring,
            "occurrences": occs,
            "load_files_ms": round(load_ms, 1),
            "load_files_indexed_ms": round(indexed_ms, 1),
            "detect_ms": round(ms, 1),
            "budget_ms": 200,
            "findings_raw": hits,
            "issues": len(issues),  # type: ignore[arg-type]
            "issues_ms_no_suggestions": round(full_ms, 1),
            "issues_ms_25_suggestions": round(suggest_ms, 1),
            "interval_tree_batch_ms": round(tree_ms, 1),
            "naive_pairwise_ms": round(naive_ms, 1),
            "naive_pairs_found": len(naive),  # type: ignore[arg-type]
            "naive_over_sweep": round(naive_ms / ms, 1),
        },
    )
    days = 90
    while len(expand_all(windows, since, since + days * 86400)) < 100_000:
        days += 90
    big_until = since + days * 86400
    big = len(expand_all(windows, since, big_until))
    big_ms, _ = timed(lambda: detect(windows, people, since, big_until), 3)
    report(
        "window-check-100k",
        {
            "windows": len(windows),
            "horizon_days": days,
            "occurrences": big,
            "detect_ms": round(big_ms, 1),
            "budget_ms": 2000,
        },
    )


if __name__ == "__main__":
    main()
