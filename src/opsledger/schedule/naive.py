"""The brute-force pairwise reference: every window against every other, every occurrence
against every occurrence. Only the property test and the benchmark use it."""

from __future__ import annotations

from collections.abc import Sequence

from opsledger.schedule.conflicts import Collision
from opsledger.schedule.expand import occurrences
from opsledger.schedule.pairs import pair_kind, shared_components
from opsledger.schedule.spec import WindowSpec


def naive_collisions(windows: Sequence[WindowSpec], since: int, until: int) -> list[Collision]:
    spans = [occurrences(w, since, until) for w in windows]
    found: list[Collision] = []
    for i, a in enumerate(windows):
        for j in range(i + 1, len(windows)):
            b = windows[j]
            kind = pair_kind(a, b)
            if kind is None or not shared_components(a, b):
                continue
            for s1, e1 in spans[i]:
                for s2, e2 in spans[j]:
                    if s1 < e2 and s2 < e1:
                        found.append(Collision(max(s1, s2), min(e1, e2), i, j, kind))
    # A window whose occurrences overlap each other can meet another one twice over the
    # same interval: that is one conflict, as in the sweep.
    return sorted(set(found))
