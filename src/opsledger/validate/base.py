"""Load the base revision for ``--base REF``: the changed files as they were, and the ids
that existed or were deleted before it."""

from __future__ import annotations

from opsledger.model.errors import GitError, UsageError
from opsledger.store.checking import LoadedFile
from opsledger.validate.context import ValidationContext
from opsledger.validate.discover import RECORD_FOLDERS, RECORD_KINDS, kind_of, record_id_of
from opsledger.validate.parsing import load_one


def _names(output: bytes, prefix: str) -> list[str]:
    names = output.decode("utf-8", "surrogateescape").split("\0")
    return [n[len(prefix) :] for n in names if n and n.startswith(prefix)]


def load_base(ctx: ValidationContext, base: str) -> list[str]:
    """Fill ``ctx.base_files``, ``base_paths`` and ``deleted_ids``; return the changed
    ledger files (ledger-relative)."""
    git = ctx.ws.git
    try:
        git.rev_parse(base + "^{commit}")
    except GitError:
        raise UsageError(f"--base: not a valid revision: {base}") from None
    root = ctx.ws.paths.root.relative_to(git.toplevel).as_posix()
    prefix = "" if root in ("", ".") else root + "/"
    folders = [prefix + folder for folder in RECORD_FOLDERS]
    listing = git.run("ls-tree", "-r", "--name-only", "-z", base, "--", *folders).stdout
    for relpath in _names(listing, prefix):
        if kind_of(relpath) in RECORD_KINDS:
            ctx.base_paths.setdefault(record_id_of(relpath), relpath)
    deleted = git.run(
        "log", "--diff-filter=D", "--name-only", "-z", "--format=", base, "--", *folders
    ).stdout
    ctx.deleted_ids = {
        record_id_of(p) for p in _names(deleted, prefix) if kind_of(p) in RECORD_KINDS
    } - set(ctx.base_paths)
    ctx.base = base
    changed: list[str] = []
    for relpath in _names(b"\0".join(n.encode() for n in git.changed_paths(base)), prefix):
        kind = kind_of(relpath)
        if kind is None or not ctx.wanted(relpath):
            continue
        changed.append(relpath)
        before = relpath
        if kind in RECORD_KINDS:  # a record moved to another folder keeps its history
            before = ctx.base_paths.get(record_id_of(relpath), relpath)
        raw = git.show_file(base, prefix + before)
        if raw is not None:
            text, data, _problem = load_one(relpath, kind, raw)
            ctx.base_files[relpath] = LoadedFile(before, kind, text, data)
    return changed
