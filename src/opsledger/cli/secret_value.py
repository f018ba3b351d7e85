"""``secret set`` and ``secret get``: one value in, one value out, never through argv."""

from __future__ import annotations

import json
import sys

import click

from opsledger.cli.context import AppContext
from opsledger.model.errors import UsageError

TYPES = ("str", "int", "float", "bool")


def _read_value(kind: str) -> str | int | float | bool:
    if sys.stdin.isatty():
        text = click.prompt("value", hide_input=True, confirmation_prompt=True, err=True)
    else:
        text = sys.stdin.read()
        # One trailing newline comes from `echo` or a file, not from the secret.
        text = text[:-1] if text.endswith("\n") else text
        text = text[:-1] if text.endswith("\r") else text
    if kind == "str":
        return text
    try:
        if kind == "bool":
            if text.strip() not in ("true", "false"):
                raise ValueError("expected true or false")
            return text.strip() == "true"
        return int(text) if kind == "int" else float(text)
    except ValueError as exc:
        # Never echo the input: it is the secret.
        raise UsageError(
            f"--type {kind}: the value is not a valid {kind} ({exc.__class__.__name__})"
        ) from None


@click.command("set")
@click.argument("target", metavar="ID")
@click.argument("field")
@click.option(
    "--type",
    "kind",
    type=click.Choice(TYPES),
    default="str",
    show_default=True,
    help="Type of the value.",
)
@click.pass_obj
def set_(app: AppContext, target: str, field: str, kind: str) -> int:
    """Encrypt a value into FIELD of a record (or a ledger-relative file) and commit.

    The value comes from a no-echo prompt, or from stdin when it is not a terminal; never
    from the command line. ID is a record id (prefix) or a path like policies/notify.yaml.

    Example: opsledger secret set 3kq9 secrets.db_password < pw.txt
    """
    value = _read_value(kind)
    changed = app.ledger().secrets.set(target, field, value)
    click.echo(f"set {field}" if changed else f"{field} unchanged (same value)", err=True)
    return 0


@click.command()
@click.argument("target", metavar="ID")
@click.argument("field")
@click.pass_obj
def get(app: AppContext, target: str, field: str) -> int:
    """Decrypt one value and print it to stdout.

    Example: PGPASSWORD=$(opsledger secret get 3kq9 secrets.db_password) psql -h pg-07
    """
    value = app.ledger().secrets.get(target, field)
    click.echo(value if isinstance(value, str) else json.dumps(value))
    return 0
