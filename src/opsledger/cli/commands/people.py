from __future__ import annotations

import click

from opsledger.cli.context import AppContext
from opsledger.cli.output import emit_rows, format_options, pick_format

COLUMNS = ("name", "kind", "full_name", "email", "teams")


@click.group()
def people() -> None:
    """People, teams and bots from people.yaml.

    Example: opsledger people list --team dba
    """


@people.command("list")
@click.option("--team", help="Only members of this team.")
@format_options
@click.pass_obj
def list_(app: AppContext, team: str | None, fmt: str, as_json: bool, as_yaml: bool) -> int:
    """List people and bots. Example: opsledger people list --json"""
    roster = app.ledger().people
    rows: list[dict[str, object]] = []
    for name, person in sorted(roster.people.items()):
        if team and team not in person.teams:
            continue
        rows.append(
            {
                "name": name,
                "kind": "person",
                "full_name": person.name,
                "email": person.email,
                "teams": person.teams,
            }
        )
    if not team:
        for name, bot in sorted(roster.bots.items()):
            rows.append(
                {
                    "name": name,
                    "kind": "bot",
                    "full_name": bot.name,
                    "email": bot.email,
                    "teams": [],
                }
            )
    emit_rows(rows, COLUMNS, pick_format(fmt, as_json, as_yaml), id_key="name")
    return 0


command = people
