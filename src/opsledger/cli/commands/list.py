from __future__ import annotations

import click

from opsledger.cli.context import AppContext
from opsledger.cli.output import emit_rows, format_options, pick_format

COLUMNS = ("id", "type", "status", "priority", "assignee", "title", "due")


@click.command("list")
@click.option("--status", "statuses", multiple=True, help="Only these statuses (repeatable).")
@click.option("--priority", "priorities", multiple=True, help="Only these priorities (repeatable).")
@click.option(
    "--type", "task_type", type=click.Choice(["task", "incident"]), help="Tasks or incidents."
)
@click.option("--assignee", help="Only tasks of this person; 'me' for yourself.")
@click.option("--team", help="Only tasks of this team.")
@click.option("--client", help="Only tasks of this client.")
@click.option(
    "--tag", "tags", multiple=True, help="Only tasks with this tag (repeatable: all of them)."
)
@click.option(
    "--component",
    "components",
    multiple=True,
    help="Only tasks on components under this reference or glob (repeatable).",
)
@click.option("--all", "include_closed", is_flag=True, help="Include done and cancelled tasks.")
@click.option("--limit", type=click.IntRange(min=1), help="Show at most N tasks.")
@format_options
@click.pass_obj
def list_(
    app: AppContext,
    statuses: tuple[str, ...],
    priorities: tuple[str, ...],
    task_type: str | None,
    assignee: str | None,
    team: str | None,
    client: str | None,
    tags: tuple[str, ...],
    components: tuple[str, ...],
    include_closed: bool,
    limit: int | None,
    fmt: str,
    as_json: bool,
    as_yaml: bool,
) -> int:
    """List tasks, most urgent first; open ones unless --all or --status.

    Example: opsledger list --type incident --priority critical --component 'aws/**/db/**'
    """
    from opsledger.tasks.listing import TaskFilter, list_tasks

    ledger = app.ledger()
    who = ledger.me() if assignee == "me" else assignee
    if assignee == "me" and who is None:
        from opsledger.model.errors import UsageError

        raise UsageError("who is 'me'? set OPSLEDGER_USER or add your git email to people.yaml")
    wanted = TaskFilter(
        statuses=set(statuses),
        priorities=set(priorities),
        type=task_type,
        assignee=who,
        team=team,
        client=client,
        tags=set(tags),
        components=list(components),
        include_closed=include_closed,
    )
    rows = list_tasks(ledger.ws, wanted)
    if limit is not None:
        rows = rows[:limit]
    emit_rows(rows, COLUMNS, pick_format(fmt, as_json, as_yaml))
    return 0


command = list_
