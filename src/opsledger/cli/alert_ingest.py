from __future__ import annotations

import json
import os
import sys

import click

from opsledger.cli.context import AppContext

SOURCES = ["auto", "alertmanager", "grafana", "cloudwatch", "nagios", "zabbix", "generic"]


def print_report(report: dict[str, object], as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    for key in ("created", "updated", "closed"):
        for task_id in report[key]:  # type: ignore[attr-defined]
            click.echo(f"{key} {task_id}")
    counts = [
        f"{report[k]} {k}"
        for k in ("received", "deduplicated", "resolved", "pending", "dropped", "suppressed")
        if report[k]
    ]
    click.echo("alerts: " + (", ".join(counts) or "none"))
    for notice in report["notices"]:  # type: ignore[attr-defined]
        click.echo(f"note: {notice}", err=True)
    for problem in report["rejected"]:  # type: ignore[attr-defined]
        click.echo(f"rejected {problem}", err=True)


@click.command()
@click.argument("file", required=False, default="-", metavar="[FILE|-]")
@click.option(
    "--source",
    default="auto",
    show_default=True,
    metavar="SOURCE",
    help=f"Input format: {', '.join(SOURCES)} (generic:NAME picks a mapping).",
)
@click.option(
    "--macro",
    "macros",
    multiple=True,
    metavar="NAME=VALUE",
    help="A Nagios/Icinga macro (repeatable); without FILE, NAGIOS_*/ICINGA_* "
    "environment variables are read too.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_obj
def ingest(app: AppContext, file: str, source: str, macros: tuple[str, ...], as_json: bool) -> int:
    """Turn one alert payload into tasks, as one commit; exit 1 if anything was rejected.

    Example: opsledger alert ingest --source alertmanager alert.json
    """
    from opsledger.model.errors import UsageError

    name = source.partition(":")[0]
    if name not in SOURCES:
        raise UsageError(f"--source: unknown source {source!r} (one of {', '.join(SOURCES)})")
    if name == "nagios" and (macros or (file == "-" and sys.stdin.isatty())):
        from opsledger.alerts.source_nagios import macros_from_env

        found = macros_from_env(os.environ)
        for item in macros:
            key, sep, value = item.partition("=")
            if not sep:
                raise UsageError(f"--macro: expected NAME=VALUE, got {item!r}")
            found[key.strip().upper()] = value
        body = json.dumps({"macros": found}).encode()
    elif file == "-":
        stream = getattr(sys.stdin, "buffer", None)
        body = stream.read() if stream is not None else sys.stdin.read().encode("utf-8")
    else:
        try:
            with open(file, "rb") as handle:
                body = handle.read()
        except OSError as exc:
            raise UsageError(f"cannot read {file}: {exc.strerror}") from None
    report = app.ledger().alerts.ingest(body, source)
    print_report(report.as_dict(), as_json)
    return 1 if report.rejected else 0
