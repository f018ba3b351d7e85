"""``secret scan``: plaintext secrets and unencrypted secret fields (pre-commit hook)."""

from __future__ import annotations

import click

from opsledger.cli.context import AppContext


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.pass_obj
def scan(app: AppContext, paths: tuple[str, ...]) -> int:
    """Run the OL3xx secret checks on PATHS (default: the whole ledger); exit 1 on errors.

    Example: opsledger secret scan tasks/T-3kq9f2xw.yaml
    """
    findings = app.ledger().secrets.scan(list(paths))
    for finding in findings:
        where = f"{finding.location}: " if finding.location else ""
        click.echo(f"{where}{finding.severity}: {finding.check} {finding.message}")
    errors = sum(1 for f in findings if f.severity == "error")
    if findings:
        click.echo(f"{len(findings)} secret findings, {errors} errors", err=True)
    return 1 if errors else 0
