"""Lines for ``opsledger status``: the windows active now and the next ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from opsledger.schedule.issue import span_text
from opsledger.schedule.load import load_windows
from opsledger.schedule.queries import active_at, upcoming
from opsledger.store.workspace import Workspace


@dataclass(frozen=True)
class WindowLine:
    state: str  # active | next
    window_id: str
    kind: str
    title: str
    start: datetime
    end: datetime
    text: str  # ready to print: "active  W-7h2k9mqa  maintenance  2026-12-05 22:00–02:00 …"


def window_lines(ws: Workspace, now: datetime, *, upcoming_count: int = 3) -> list[WindowLine]:
    """Active windows first, then the next ``upcoming_count`` to start within 30 days."""
    windows = load_windows(ws).windows
    lines: list[WindowLine] = []
    for state, occs in (
        ("active", active_at(windows, now)),
        ("next", upcoming(windows, now, within=timedelta(days=30), limit=upcoming_count)),
    ):
        for occ in occs:
            w = occ.window
            when = span_text(occ.start, occ.end, ws.zone)
            text = f"{state:<6}  {w.id}  {w.kind:<11}  {when}  {w.title}"
            lines.append(WindowLine(state, w.id, w.kind, w.title, occ.start, occ.end, text))
    return lines
