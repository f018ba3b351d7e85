"""Windows against what links to them: tasks must lie inside their window's components,
changes must happen inside one of their window's occurrences."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from opsledger.model.components import covers, is_glob, resolve
from opsledger.model.timestamps import parse_timestamp
from opsledger.schedule.expand import occurrences
from opsledger.schedule.issue import Issue
from opsledger.schedule.spec import WindowSpec

Record = tuple[str, Mapping[str, Any]]  # (relpath, data)


class ComponentIndex:
    """Declared components indexed by (position, segment): a glob's literal segments
    before any ``**`` name the only components it can cover, so resolving it tests a
    handful of paths instead of every one (~4 s on the reference corpus)."""

    def __init__(self, known: Sequence[str]) -> None:
        self.known = list(known)
        self.at: dict[tuple[int, str], set[int]] = {}
        for index, path in enumerate(self.known):
            for position, name in enumerate(_segments(path)):
                self.at.setdefault((position, name), set()).add(index)

    def resolve(self, ref: str) -> list[str]:
        """``model.components.resolve(ref, known)``, in the same order."""
        fixed: list[set[int]] = []
        for position, segment in enumerate(_segments(ref)):
            if segment == "**":
                break
            if not is_glob(segment):
                fixed.append(self.at.get((position, segment), set()))
        if not fixed:
            return resolve(ref, self.known)
        candidates = sorted(fixed[0].intersection(*fixed[1:]))
        return [self.known[i] for i in candidates if covers(ref, self.known[i])]


def _segments(ref: str) -> list[str]:
    return [part for part in ref.strip("/").split("/") if part]


def covered(ref: str, window_refs: Sequence[str], known: ComponentIndex) -> bool:
    targets = known.resolve(ref) if is_glob(ref) else []
    if not targets:
        targets = [ref]  # a plain id, or a glob matching nothing declared: compare as written
    return all(any(covers(w, path) for w in window_refs) for path in targets)


def task_issues(
    windows: Mapping[str, WindowSpec],
    tasks: Iterable[Record],
    known: Sequence[str],
    relevant: set[str] | None = None,
) -> list[Issue]:
    """OL406: a task linked to a window (from either side) outside the window's components."""
    linked: dict[str, set[str]] = {}
    for window in windows.values():
        for task_id in window.tasks:
            linked.setdefault(task_id, set()).add(window.id)
    index: ComponentIndex | None = None
    issues: list[Issue] = []
    for relpath, data in tasks:
        task_id = str(data.get("id", ""))
        names = set(linked.get(task_id, set()))
        if isinstance(data.get("window"), str):
            names.add(data["window"])
        for window_id in sorted(names):
            window = windows.get(window_id)
            if window is None:
                continue
            if relevant is not None and relpath not in relevant and window.relpath not in relevant:
                continue
            raw: Any = data.get("components") or []
            items: list[Any] = raw if isinstance(raw, list) else []  # pyright: ignore[reportUnknownVariableType]
            refs = [str(r) for r in items if isinstance(r, str)]
            index = index or ComponentIndex(known)
            outside = [r for r in refs if not covered(r, window.components, index)]
            if outside:
                message = (
                    f"{task_id} works on {', '.join(outside)}, which its window {window.id} "
                    f"does not cover ({', '.join(window.components)})"
                )
                issues.append(Issue("OL406", message, relpath, ("components",), (window.id,)))
    return issues


def _inside(window: WindowSpec, begin: datetime, finish: datetime) -> bool:
    lo, hi = int(begin.timestamp()), int(finish.timestamp())
    return any(s <= lo and hi <= e for s, e in occurrences(window, lo - 1, lo + 1))


# A change that is planned but not begun: its window must still have an occurrence ahead.
WAITING = frozenset({"draft", "submitted", "approved", "scheduled"})
# How far ahead a recurring window's next occurrence is looked for: a yearly one fits
# several times.
LOOKAHEAD = timedelta(days=5 * 366)


def _ended(window: WindowSpec, now: datetime) -> bool:
    if not window.recurring:
        return window.start + window.length <= now  # however far ahead it starts
    lo = int(now.timestamp())
    return not occurrences(window, lo, lo + int(LOOKAHEAD.total_seconds()))


def change_issues(
    windows: Mapping[str, WindowSpec],
    changes: Iterable[Record],
    relevant: set[str] | None = None,
    now: datetime | None = None,
) -> list[Issue]:
    """OL405: a change whose start or completion lies outside its window, or (given
    ``now``) a change still waiting for a window that has no occurrence left."""
    by_change = {w.change: w for w in windows.values() if w.change}
    issues: list[Issue] = []
    for relpath, data in changes:
        change_id = str(data.get("id", ""))
        window = windows.get(str(data.get("window"))) or by_change.get(change_id)
        if window is None:
            continue
        if relevant is not None and relpath not in relevant and window.relpath not in relevant:
            continue
        status = str(data.get("status", "draft"))
        if now is not None and status in WAITING and not data.get("started_at"):
            if _ended(window, now):
                message = (
                    f"{change_id} is {status} for window {window.id}, which has no "
                    "occurrence left; plan it into a coming window"
                )
                issues.append(Issue("OL405", message, relpath, ("window",), (window.id,)))
            continue
        try:
            begin = parse_timestamp(str(data["started_at"])) if data.get("started_at") else None
            finish = (
                parse_timestamp(str(data["completed_at"])) if data.get("completed_at") else None
            )
        except ValueError:
            continue  # a malformed timestamp is the model check's finding
        if begin is None:
            continue
        finish = finish or begin + timedelta(seconds=1)
        if not _inside(window, begin, finish):
            key = (
                "completed_at"
                if _inside(window, begin, begin + timedelta(seconds=1))
                else "started_at"
            )
            when = (finish if key == "completed_at" else begin).astimezone(window.zone)
            message = (
                f"{change_id} {key.replace('_', ' ')} {when:%Y-%m-%d %H:%M %z} lies outside "
                f"every occurrence of its window {window.id}"
            )
            issues.append(Issue("OL405", message, relpath, (key,), (window.id,), begin, finish))
    return issues
