from __future__ import annotations

from typing import Any

import click

from opsledger.cli.context import AppContext
from opsledger.cli.time_options import build_filter, emit, filter_options, format_option, hours


@click.command()
@click.option(
    "--by",
    "by",
    default="client,project",
    show_default=True,
    help="Group by: client, project, component, person, task, day, week, month.",
)
@click.option(
    "--overlap",
    type=click.Choice(["split", "first", "error"]),
    default="split",
    show_default=True,
    help="How one person's overlapping entries count.",
)
@filter_options
@format_option
@click.pass_obj
def report(
    app: AppContext, by: str, overlap: str, query: tuple[str, ...], fmt: str, as_json: bool,
    **options: Any,
) -> int:  # fmt: skip
    """Totals per group: time, billable vs not, billed after rounding, amounts by rate.

    Rounding follows each client's contract in policies/billing.yaml and is applied here
    only; the raw entries never change. Days are local days of the ledger timezone.

    Example: opsledger time report --by client,project --since 2026-11-01 --until 2026-12-01
    """
    from opsledger.timetrack.report import parse_by

    ledger = app.ledger()
    dims = parse_by(by)
    result = ledger.time.report(dims, build_filter(ledger, options), query, overlap)  # type: ignore[arg-type]
    fmt = "json" if as_json else fmt
    readable = fmt in ("table", "md")
    rows: list[dict[str, Any]] = []
    for row in [*result.rows, result.total]:
        out: dict[str, Any] = {d: row.keys.get(d) for d in dims}
        if row is result.total:
            out = {d: ("TOTAL" if i == 0 else None) for i, d in enumerate(dims)} if dims else {}
        times = {
            "time": row.seconds,
            "billable": row.billable_seconds,
            "non_billable": row.non_billable_seconds,
            "billed": row.billed_seconds,
        }
        for name, seconds in times.items():
            out[name] = hours(seconds) if readable else seconds
        amounts = {c: str(a) for c, a in sorted(row.amounts.items())}
        out["amount"] = (
            " + ".join(f"{a} {c}" for c, a in amounts.items())
            if readable or fmt == "csv"
            else amounts
        )
        out["entries"] = len(row.entries)
        rows.append(out)
    if fmt == "json":
        rows = [*rows[:-1], {**rows[-1], "total": True}]
    emit(rows, [*dims, "time", "billable", "non_billable", "billed", "amount", "entries"], fmt)
    return 0
