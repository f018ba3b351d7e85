"""The running timer: one per person, in local state, never committed.

It lives in ``state/timers/<person>.json`` (never deleted automatically), written
atomically, so a crash or reboot leaves it running. The entry id is chosen at start: if
a crash falls between the commit of ``stop`` and the removal of the file, the next stop
sees the entry already in the task and only removes the timer.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

from opsledger.model.errors import ParseError
from opsledger.store.atomic import write_atomic
from opsledger.store.workspace import Workspace


class Timer(NamedTuple):  # not a dataclass: a tenth of the cost to define
    task: str
    entry: str  # the id the entry will carry
    start: str  # a timestamp string
    who: str
    client: str | None = None
    project: str | None = None
    component: str | None = None
    billable: bool = True
    note: str | None = None


def timer_path(ws: Workspace, who: str) -> Path:
    return ws.paths.state / "timers" / f"{who}.json"


def read_timer(ws: Workspace, who: str) -> Timer | None:
    path = timer_path(ws, who)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Timer(**data)
    except FileNotFoundError:
        return None
    except (ValueError, TypeError) as exc:
        raise ParseError(
            f"{path}: unreadable timer ({exc}); delete the file to discard it"
        ) from None


def write_timer(ws: Workspace, timer: Timer) -> None:
    path = timer_path(ws, timer.who)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(timer._asdict(), indent=1) + "\n")


def clear_timer(ws: Workspace, who: str) -> None:
    timer_path(ws, who).unlink(missing_ok=True)
