"""``--push``: publish each commit; a non-fast-forward means someone else pushed first,
so fetch, rebase our commits on theirs and try again (bounded)."""

from __future__ import annotations

import time

from opsledger.model.errors import GitError
from opsledger.store.workspace import Workspace

_REJECTED = (b"non-fast-forward", b"fetch first", b"[rejected]", b"stale info")


def push(ws: Workspace, remote: str = "origin", attempts: int = 5) -> int:
    """Push the current branch; returns the number of rebases it took."""
    branch = ws.git.run("symbolic-ref", "--short", "HEAD").stdout.decode().strip()
    for attempt in range(attempts):
        proc = ws.git.run("push", "--quiet", remote, f"HEAD:refs/heads/{branch}", check=False)
        if proc.returncode == 0:
            return attempt
        if not any(marker in proc.stderr for marker in _REJECTED):
            raise GitError(f"git push failed: {proc.stderr.decode(errors='replace').strip()[:200]}")
        with ws.locked():
            ws.git.run("fetch", "--quiet", remote, branch)
            rebase = ws.git.run("rebase", "--quiet", f"{remote}/{branch}", check=False)
            if rebase.returncode != 0:
                ws.git.run("rebase", "--abort", check=False)
                raise GitError(
                    f"cannot rebase on {remote}/{branch}: a conflicting change; resolve it by hand"
                )
        time.sleep(0.05 * (attempt + 1))
    raise GitError(f"git push to {remote} still rejected after {attempts} attempts")
