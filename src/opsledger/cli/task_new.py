"""``opsledger task new``: its options as data (``SPEC``) and its body (``run``).

Neither needs click, so ``main`` can create a task without importing it (DESIGN 7's
budget); the click command, for help, errors and everything unusual, is built from the same
``SPEC`` when the task group asks for it (``cli.lazy``)."""

from __future__ import annotations

from typing import Any

from opsledger.cli.context import AppContext
from opsledger.cli.optspec import Argument, CommandSpec, Option
from opsledger.cli.output import echo

SPEC = CommandSpec(
    name="new",
    doc="""Create a task or incident, as one commit.

    Example: opsledger task new "Disk full on pg-07" --type incident --priority critical \\
    --component aws/eu-west-1/prod/db/pg-07
    """,
    arguments=(Argument("title"),),
    options=(
        Option(
            "task_type",
            ("--type",),
            "Task or incident.",
            choices=("task", "incident"),
            default="task",
            show_default=True,
        ),
        Option(
            "priority",
            ("--priority",),
            "Priority.",
            choices=("critical", "high", "medium", "low"),
            default="medium",
            show_default=True,
        ),
        Option("category", ("--category",), "Free category, e.g. patching."),
        Option(
            "assignee",
            ("--assignee",),
            "Person from people.yaml ('me' for yourself); sets status assigned.",
        ),
        Option("team", ("--team",), "Team from people.yaml."),
        Option(
            "components",
            ("--component",),
            "Component id or glob from inventory.yaml (repeatable).",
            multiple=True,
        ),
        Option("client", ("--client",), "Billing client."),
        Option("project", ("--project",), "Billing project code."),
        Option("parent", ("--parent",), "Parent task id."),
        Option(
            "depends_on", ("--depends-on",), "Task this one waits for (repeatable).", multiple=True
        ),
        Option("change", ("--change",), "Change record id."),
        Option("window", ("--window",), "Maintenance window id."),
        Option("due", ("--due",), "Due time: 2026-12-01, 2026-12-01T17:00 or +3d."),
        Option("tags", ("--tag",), "Tag (repeatable).", multiple=True),
        Option("labels", ("--label",), "Label (repeatable).", multiple=True, metavar="KEY=VALUE"),
        Option("description", ("-d", "--description"), "Markdown description."),
        Option(
            "open_editor", ("--edit",), "Write the task in $EDITOR from a template.", is_flag=True
        ),
    ),
)


def run(
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
        echo(f"created {task.id}  {task.title}")
        return 0
    if not title:
        raise UsageError('a task needs a title: opsledger task new "TITLE" (or --edit)')
    data = ledger.tasks.create_record(title, **fields)
    echo(f"created {data['id']}  {title}")
    return 0
