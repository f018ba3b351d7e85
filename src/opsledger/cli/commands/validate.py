from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from opsledger.cli.context import AppContext

if TYPE_CHECKING:
    from opsledger.ledger import Ledger
    from opsledger.validate.report import Report

FORMATS = ("text", "json", "github", "sarif")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--base", metavar="REF", help="Also check the changes since REF (e.g. origin/main).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for people, json for scripts, github for Actions annotations, sarif for "
    "code scanning.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.pass_obj
def validate(
    app: AppContext, paths: tuple[str, ...], base: str | None, fmt: str, strict: bool
) -> int:
    """Check ledger files: syntax, schemas, ids, references, cycles, timestamps.

    Without PATHS the whole ledger is checked. With PATHS (as pre-commit passes them)
    those files are checked, together with the cross-file checks that involve them;
    each path is checked in the ledger that contains it. --base REF adds the checks
    against that revision: reachable status, append-only commands and events, unchanged
    ids and created. Exit status: 0 clean (warnings allowed), 1 findings, 2 usage error.

    Example: opsledger validate --base origin/main --format github
    """
    from opsledger.validate import reporters

    # People read paths from where they stand; GitHub and SARIF from the repository top.
    report = _run(app, paths, base, strict, from_top=fmt in ("github", "sarif"))
    if fmt == "sarif":
        from importlib.metadata import version

        click.echo(reporters.sarif(report, "", version("opsledger")), nl=False)
    else:
        click.echo(reporters.FORMATS[fmt](report, ""), nl=False)
    if fmt in ("text", "github"):
        click.echo(reporters.summary(report), err=True)
    return report.exit_code


def _run(
    app: AppContext, paths: tuple[str, ...], base: str | None, strict: bool, from_top: bool
) -> Report:
    from opsledger.model.errors import NotALedger, UsageError
    from opsledger.store.paths import find_ledger_root
    from opsledger.validate.report import Report

    if not paths or app.directory or os.environ.get("OPSLEDGER_DIR"):
        ledger = app.ledger()
        return _one(ledger, list(paths) or None, base, strict, from_top)
    groups: dict[Path, list[str]] = {}
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise UsageError(f"{given}: no such file or directory")
        try:
            root = find_ledger_root(path if path.is_dir() else path.parent.resolve(), {})
        except NotALedger:
            continue  # not a ledger file: nothing of ours to check
        groups.setdefault(root, []).append(given)
    report = Report()
    for root, members in sorted(groups.items()):
        report.merge(_one(_open(app, root), members, base, strict, from_top))
    return report


def _open(app: AppContext, root: Path) -> Ledger:
    from opsledger.ledger import Ledger

    ledger = Ledger.open(root, commit=False, env={})
    clock = app.clock(ledger.ws.zone)
    if clock is not None:
        ledger.ws.clock = clock
    return ledger


def _one(
    ledger: Ledger, paths: list[str] | None, base: str | None, strict: bool, from_top: bool
) -> Report:
    """One ledger's report, its paths made relative to the reader's starting point."""
    from dataclasses import replace

    from opsledger.model.errors import Location

    report = ledger.validate(paths, base=base, strict=strict)
    start = ledger.ws.git.toplevel if from_top else Path.cwd()
    prefix = os.path.relpath(os.path.realpath(ledger.root), os.path.realpath(start))
    if prefix != ".":
        report.findings = [
            replace(
                f,
                location=Location(
                    f"{prefix}/{f.location.file}", f.location.line, f.location.column
                ),
            )
            if f.location is not None
            else f
            for f in report.findings
        ]
    return report


command = validate
