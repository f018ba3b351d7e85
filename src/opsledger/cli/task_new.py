from __future__ import annotations

from typing import Any

import click

from opsledger.cli.context import AppContext


@click.command()
@click.argument("title", required=False)
@click.option(
    "--type",
    "task_type",
    type=click.Choice(["task", "incident"]),
    default="task",
    show_default=True,
    help="Task or incident.",
)
@click.option(
    "--priority",
    type=click.Choice(["critical", "high", "medium", "low"]),
    default="medium",
    show_default=True,
    help="Priority.",
)
@click.option("--category", help="Free category, e.g. patching.")
@click.option(
    "--assignee", help="Person from people.yaml ('me' for yourself); sets status assigned."
)
@click.option("--team", help="Team from people.yaml.")
@click.option(
    "--component",
    "components",
    multiple=True,
    help="Component id or glob from inventory.yaml (repeatable).",
)
@click.option("--client", help="Billing client.")
@click.option("--project", help="Billing project code.")
@click.option("--parent", help="Parent task id.")
@click.option(
    "--depends-on", "depends_on", multiple=True, help="Task this one waits for (repeatable)."
)
@click.option("--change", help="Change record id.")
@click.option("--window", help="Maintenance window id.")
@click.option("--due", help="Due time: 2026-12-01, 2026-12-01T17:00 or +3d.")
@click.option("--tag", "tags", multiple=True, help="Tag (repeatable).")
@click.option("--label", "labels", multiple=True, metavar="KEY=VALUE", help="Label (repeatable).")
@click.option("-d", "--description", help="Markdown description.")
@click.option(
    "--edit", "open_editor", is_flag=True, help="Write the task in $EDITOR from a template."
)
@click.pass_obj
def new(
    app: AppContext,
    title: str | None,
    task_type: str,
    priority: str,
    category: str | None,
    assignee: str | None,
    team: str | None,
    components: tuple[str, ...],
    client: str | None,
    project: str | None,
    parent: str | None,
    depends_on: tuple[str, ...],
    change: str | None,
    window: str | None,
    due: str | None,
    tags: tuple[str, ...],
    labels: tuple[str, ...],
    description: str | None,
    open_editor: bool,
) -> int:
    """Create a task or incident, as one commit.

    Example: opsledger task new "Disk full on pg-07" --type incident --priority critical \\
    --component aws/eu-west-1/prod/db/pg-07
    """
    from opsledger.cli.args import parse_labels, parse_time_arg
    from opsledger.model.errors import UsageError

    ledger = app.ledger()
    if assignee == "me":
        assignee = ledger.me()
        if assignee is None:
            raise UsageError("who is 'me'? set OPSLEDGER_USER or add your git email to people.yaml")
    fields: dict[str, Any] = {
        "type": task_type,
        "priority": priority,
        "category": category,
        "assignee": assignee,
        "team": team,
        "components": list(components),
        "client": client,
        "project": project,
        "change": change,
        "window": window,
        "tags": list(tags),
        "labels": parse_labels(labels),
        "description": description,
    }
    if parent:
        fields["parent"] = ledger.tasks.resolve(parent)[0]
    if depends_on:
        fields["depends_on"] = [ledger.tasks.resolve(d)[0] for d in depends_on]
    if due:
        fields["due"] = ledger.ws.timestamp(parse_time_arg(ledger, due, "--due"))
    if open_editor:
        from opsledger.cli.editor import new_task_in_editor

        task = new_task_in_editor(ledger, title or "", fields)
        click.echo(f"created {task.id}  {task.title}")
        return 0
    if not title:
        raise UsageError('a task needs a title: opsledger task new "TITLE" (or --edit)')
    data = ledger.tasks.create_record(title, **fields)
    click.echo(f"created {data['id']}  {title}")
    return 0
