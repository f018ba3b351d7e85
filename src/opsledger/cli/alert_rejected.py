from __future__ import annotations

import json

import click

from opsledger.cli.context import AppContext
from opsledger.cli.lazy import LazyGroup
from opsledger.cli.output import format_options, pick_format


@click.group(cls=LazyGroup)
def rejected() -> None:
    """Payloads that could not become tasks, kept locally with the reason.

    Example: opsledger alert rejected list
    """


@rejected.command("list")
@format_options
@click.pass_obj
def list_(app: AppContext, fmt: str, as_json: bool, as_yaml: bool) -> int:
    """List the rejected payloads, oldest first.

    Example: opsledger alert rejected list --json
    """
    from opsledger.cli.output import emit_rows

    rows = app.ledger().alerts.rejected()
    emit_rows(rows, ["id", "at", "source", "bytes", "reason"], pick_format(fmt, as_json, as_yaml))
    return 0


@rejected.command()
@click.argument("rejection_id", metavar="ID")
@click.pass_obj
def show(app: AppContext, rejection_id: str) -> int:
    """Show one rejected payload (any unique prefix of its id) with its reason.

    Example: opsledger alert rejected show 20261120T101500Z
    """
    click.echo(json.dumps(app.ledger().alerts.rejected_show(rejection_id), indent=2))
    return 0


@rejected.command()
@click.argument("rejection_id", metavar="ID")
@click.option("--source", default=None, help="Read it as this source instead of the recorded one.")
@click.pass_obj
def replay(app: AppContext, rejection_id: str, source: str | None) -> int:
    """Ingest a rejected payload again, e.g. after fixing policies/alerts.yaml.

    Example: opsledger alert rejected replay 20261120T101500Z --source generic:uptime
    """
    from opsledger.cli.alert_ingest import print_report

    report = app.ledger().alerts.replay(rejection_id, source)
    print_report(report.as_dict(), False)
    return 1 if report.rejected else 0
