from __future__ import annotations

import click

from opsledger.cli.context import AppContext


@click.command()
@click.argument("task_id", metavar="ID")
@click.option(
    "--gap", default="30m", show_default=True, help="Commands closer than this form one session."
)
@click.option(
    "--pad",
    default="5m",
    show_default=True,
    help="Time added before the first and after the last command.",
)
@click.option("--accept", is_flag=True, help="Record the proposed entries (one commit).")
@click.pass_obj
def suggest(app: AppContext, task_id: str, gap: str, pad: str, accept: bool) -> int:
    """Propose entries from the commands recorded on a task.

    Example: opsledger time suggest 3kq9 --gap 20m --accept
    """
    from opsledger.timetrack.editing import parse_positive
    from opsledger.timetrack.overlap import format_duration_s
    from opsledger.timetrack.writing import interval

    ledger = app.ledger()
    task, proposals = ledger.time.suggest(
        task_id, gap=parse_positive(gap), pad=parse_positive(pad), accept=accept
    )
    if not proposals:
        click.echo(f"nothing to suggest for {task}")
        return 0
    for entry in proposals:
        lo, hi = interval(entry)
        click.echo(
            f"{entry['start']}  {entry['end']}  {format_duration_s(hi - lo):>7}  "
            f"{entry.get('note', '')}"
        )
    verb = "recorded" if accept else "run again with --accept to record"
    click.echo(f"{len(proposals)} entries on {task}: {verb}")
    return 0
