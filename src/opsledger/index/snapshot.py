"""The stat of every indexed file as of the index's last write, in one marshal file beside
it. The warm path compares the work tree against this in a few milliseconds instead of
reading every row of ``files``; a token that changes with every write to the index tells
whether the snapshot still describes it."""

from __future__ import annotations

import marshal
from pathlib import Path

from opsledger.store.atomic import save_cache

Stats = dict[str, tuple[int, int]]


def load(path: Path, token: str) -> Stats | None:
    try:
        saved_token, stats = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return stats if saved_token == token and isinstance(stats, dict) else None  # pyright: ignore[reportUnknownVariableType]


def save(path: Path, token: str, stats: Stats) -> None:
    """Best effort: without a snapshot the next query reads the table instead."""
    save_cache(path, marshal.dumps((token, stats)))
