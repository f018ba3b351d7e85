from __future__ import annotations

import click

from opsledger.cli.context import AppContext
from opsledger.cli.output import emit_record, emit_rows, format_options, pick_format


@click.group()
def template() -> None:
    """Named command templates from templates/commands/*.yaml; rendered, never run.

    Example: opsledger cmd template render pg-restart host=pg-07
    """


@template.command("list")
@format_options
@click.pass_obj
def list_(app: AppContext, fmt: str, as_json: bool, as_yaml: bool) -> int:
    """List the command templates.

    Example: opsledger cmd template list
    """
    commands = app.ledger().commands
    rows: list[dict[str, str]] = []
    for name in commands.template_names():
        data = commands.template(name)
        rows.append({"name": name, "description": data.get("description", ""),
                     "params": ", ".join(data.get("params", {}))})  # fmt: skip
    emit_rows(rows, ["name", "params", "description"], pick_format(fmt, as_json, as_yaml), "name")
    return 0


@template.command()
@click.argument("name")
@format_options
@click.pass_obj
def show(app: AppContext, name: str, fmt: str, as_json: bool, as_yaml: bool) -> int:
    """Show one template: its parameters and body.

    Example: opsledger cmd template show pg-restart
    """
    data = app.ledger().commands.template(name)

    def text() -> str:
        lines = [f"{data['name']}: {data.get('description', '')}".rstrip(": ")]
        for key, spec in data.get("params", {}).items():
            need = "required" if spec.get("required") else f"default {spec.get('default')!r}"
            lines.append(f"  {key} ({need}) {spec.get('description', '')}".rstrip())
        lines.append(data["command"])
        return "\n".join(lines)

    emit_record(data, pick_format(fmt, as_json, as_yaml), text)
    return 0


@template.command()
@click.argument("name")
@click.argument("params", nargs=-1, metavar="KEY=VAL...")
@click.pass_obj
def render(app: AppContext, name: str, params: tuple[str, ...]) -> int:
    """Print the rendered command; it is not run.

    Example: opsledger cmd template render pg-restart host=pg-07 version=16
    """
    from opsledger.shell.templates import parse_params

    click.echo(app.ledger().commands.render(name, parse_params(params)))
    return 0
