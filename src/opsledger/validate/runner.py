"""One validation run: choose the files, load them, run every check, settle severities.

Whole ledger: every file is parsed, then checked, both on every core (``loader``,
``fanout``). Fast path (``paths``): only those files are parsed; the rest of the ledger is
known by file name (ids) and by the small shared files (config, people and inventory from
the workspace's cache: ``shared.py``; policies, templates); other records are read only
when a check follows a reference to them (or needs all of a kind: a changed window is
checked against the windows that can meet it). A changed config, people or inventory
file can affect every record, so it widens the run to the whole ledger.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from opsledger.model.errors import Location
from opsledger.store.checking import CheckContext, CheckSpec, Finding
from opsledger.store.workspace import Workspace
from opsledger.validate import loader
from opsledger.validate.context import CachedFile, ValidationContext
from opsledger.validate.discover import (
    CONFIG_KINDS,
    kind_of,
    record_files,
    record_id_of,
    support_files,
)
from opsledger.validate.loader import load_files, workers_wanted
from opsledger.validate.report import Report
from opsledger.validate.severity import configured, resolve
from opsledger.validate.shared import cached_data

FULL_RUN_ABOVE = 2000  # so many targets: parse everything on every core instead


def select_targets(root: Path, paths: Iterable[str | Path], cwd: Path) -> set[str] | None:
    """Ledger-relative files named by ``paths`` (folders expand); None means everything."""
    targets: set[str] = set()
    folders: list[str] = []
    for given in paths:
        absolute = Path(os.path.realpath(cwd / Path(given)))
        try:
            relpath = absolute.relative_to(root).as_posix()
        except ValueError:
            continue  # outside this ledger
        if relpath == ".":
            return None
        if absolute.is_dir():
            folders.append(relpath + "/")
        elif kind_of(relpath) in CONFIG_KINDS:
            return None
        elif kind_of(relpath) is not None:
            targets.add(relpath)
    if folders:
        every = record_files(root) + support_files(root)
        targets.update(p for p in every if p.startswith(tuple(folders)))
    return targets


def validate(
    ws: Workspace,
    paths: Sequence[str | Path] | None = None,
    *,
    base: str | None = None,
    strict: bool = False,
    checks: Sequence[CheckSpec] | None = None,
    cwd: Path | None = None,
    jobs: int | None = None,
) -> Report:
    """Validate the ledger (or only ``paths`` and what they touch); never raises on
    findings, only on usage problems (a bad ``base``). ``checks`` defaults to the core
    ones; ``Ledger.checks()`` adds the features'."""
    import gc

    # Loading builds millions of small acyclic objects: the cycle collector would scan
    # them again and again (unmarshalling the workers' results takes twice as long).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _validate(ws, paths, base, strict, checks, cwd, jobs)
    finally:
        if collecting:
            gc.enable()


def _validate(
    ws: Workspace,
    paths: Sequence[str | Path] | None,
    base: str | None,
    strict: bool,
    checks: Sequence[CheckSpec] | None,
    cwd: Path | None,
    jobs: int | None,
) -> Report:
    from opsledger.validate.registry import CORE_CHECKS

    root = ws.paths.root
    targets = select_targets(root, paths, cwd or Path.cwd()) if paths else None
    records = record_files(root)
    names: dict[str, list[str]] = {}
    for relpath in sorted(records):
        names.setdefault(record_id_of(relpath), []).append(relpath)
    support = support_files(root)
    if targets is None or len(targets) > FULL_RUN_ABOVE:
        wanted = support + records
    else:
        wanted = support + sorted(t for t in targets if t not in support)
    ctx = ValidationContext(ws, {}, targets=targets, names=names)
    # Shared files outside the targets are read for their data only (no model check).
    for relpath in support if targets is not None else ():
        kind = kind_of(relpath)
        found = None if ctx.wanted(relpath) else cached_data(ws, relpath)
        if found is not None and kind is not None:
            ctx.files[relpath] = CachedFile(relpath, kind, found[1], found[0], ctx.locator)
    items = [
        (p, kind, targets is None or p in targets)
        for p in wanted
        if p not in ctx.files and (kind := kind_of(p)) is not None
    ]
    for relpath, kind, text, data, raw in load_files(root, items, jobs):
        ctx.files[relpath] = CachedFile(relpath, kind, text, data, ctx.locator)
        for check, message, line, column, hint in raw:
            finding = Finding(check, message, Location(relpath, line, column), hint)
            ctx.loaded_findings.setdefault(check, []).append(finding)
    if base is not None:
        from opsledger.validate.base import load_base

        load_base(ctx, base)
    specs = {spec.id: spec for spec in (CORE_CHECKS if checks is None else checks)}
    found = _run_checks(ctx, list(specs.values()), jobs, len(items))
    return _settle(found, ctx, specs, strict, len(items) if targets is None else len(targets))


def _run_checks(
    ctx: ValidationContext, specs: list[CheckSpec], jobs: int | None, loaded: int
) -> list[Finding]:
    jobs = workers_wanted() if jobs is None else jobs
    if jobs > 1 and loaded >= loader.PARALLEL_MIN:
        from opsledger.validate.fanout import run_parallel

        return run_parallel(ctx, specs, jobs, _run_one)
    return [finding for spec in specs for finding in _run_one(ctx, spec)]


def _run_one(ctx: CheckContext, spec: CheckSpec) -> list[Finding]:
    found: list[Finding] = []
    try:
        for finding in spec.run(ctx):  # what a check yielded before it broke still counts
            found.append(finding)
    except Exception as exc:  # a broken check must not hide the others' findings
        message = f"check {spec.id} {spec.name} crashed: {type(exc).__name__}: {exc}"
        found.append(Finding("OL199", message.splitlines()[0], None, "please report this bug"))
    return found


def _settle(
    found: list[Finding],
    ctx: ValidationContext,
    specs: dict[str, CheckSpec],
    strict: bool,
    files: int,
) -> Report:
    config = ctx.files.get("opsledger.yaml")
    overrides = configured(config.data) if config is not None and config.data else {}
    out: list[Finding] = []
    seen: set[tuple[str, str, Location | None]] = set()
    for finding in found:
        where = finding.location
        if ctx.targets is not None and where is not None and where.file not in ctx.targets:
            continue  # the fast path reports only on the files it was given
        level = resolve(finding, specs, overrides, strict)
        key = (finding.check, finding.message, where)
        if level == "ignore" or key in seen:
            continue
        seen.add(key)
        out.append(replace(finding, severity="error" if level == "error" else "warning"))
    out.sort(key=_order)
    return Report(out, files, specs, ctx.base)


def _order(f: Finding) -> tuple[str, int, int, str, str]:
    where = f.location or Location("")
    return (where.file, where.line or 0, where.column or 0, f.check, f.message)
