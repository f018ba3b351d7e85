"""After a crash (SIGKILL, power loss) the writer's last transaction may have left task
files written but not committed, and temp files. The journal still holds those payloads,
so such leftovers are put back to HEAD before the replay re-applies them: otherwise a
new file would look "already there" and never be committed.

Only alert-born files are touched (their text names a ``source:``); run the receiver in
a clone of its own, where nobody else edits tasks by hand.
"""

from __future__ import annotations

from opsledger.store.workspace import Workspace


def restore_leftovers(ws: Workspace) -> list[str]:
    folder = ws.paths.record_dir("task")
    for temp in folder.rglob(".*.tmp"):
        temp.unlink(missing_ok=True)
    proc = ws.git.run("status", "--porcelain", "-z", "--untracked-files=all", "--", str(folder))
    restored: list[str] = []
    for item in proc.stdout.decode("utf-8", "surrogateescape").split("\0"):
        if len(item) < 4 or not item.endswith(".yaml"):
            continue
        code, path = item[:2], item[3:]
        full = ws.git.toplevel / path
        if code == "??":
            if "\nsource:\n" in full.read_text(encoding="utf-8", errors="replace"):
                full.unlink()
                restored.append(path)
        elif code.strip() == "M":
            head = ws.git.show_file("HEAD", path) or b""
            if b"\nsource:\n" in head:
                ws.git.run("--literal-pathspecs", "checkout", "HEAD", "--", path)
                restored.append(path)
    return restored
