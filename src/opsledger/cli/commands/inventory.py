from __future__ import annotations

from typing import Any

import click

from opsledger.cli.context import AppContext
from opsledger.cli.output import emit_record, emit_rows, format_options, pick_format

COLUMNS = ("path", "kind", "env", "owner", "client", "criticality", "tags", "decommissioned")


@click.group()
def inventory() -> None:
    """Components, keyed by their full path (aws/eu-west-1/prod/db/pg-07).

    Example: opsledger inventory list --component 'aws/**/db/**'
    """


@inventory.command("add")
@click.argument("path")
@click.option("--kind", help="database, host, network, cluster, …")
@click.option("--provider", help="aws, hetzner, onprem, …")
@click.option("--env", help="prod, staging, …")
@click.option("--owner", help="team:NAME or a person.")
@click.option("--client", help="Billing client.")
@click.option("--criticality", help="low, medium, high, critical.")
@click.option("--tag", "tags", multiple=True, help="Tag (repeatable).")
@click.option("--decommissioned", help="Date it was decommissioned (YYYY-MM-DD).")
@click.pass_obj
def add(
    app: AppContext,
    path: str,
    kind: str | None,
    provider: str | None,
    env: str | None,
    owner: str | None,
    client: str | None,
    criticality: str | None,
    tags: tuple[str, ...],
    decommissioned: str | None,
) -> int:
    """Add a component.

    Example: opsledger inventory add aws/eu-west-1/prod/db/pg-08 --kind database
    """
    app.ledger().inventory.add(
        path,
        kind=kind,
        provider=provider,
        env=env,
        owner=owner,
        client=client,
        criticality=criticality,
        tags=list(tags),
        decommissioned=decommissioned,
    )
    click.echo(f"added {path.strip('/')}")
    return 0


@inventory.command("list")
@click.option("--component", "components", multiple=True, help="Reference or glob (repeatable).")
@format_options
@click.pass_obj
def list_(
    app: AppContext, components: tuple[str, ...], fmt: str, as_json: bool, as_yaml: bool
) -> int:
    """List components. Example: opsledger inventory list --component onprem/dc1"""
    found = app.ledger().inventory.list(list(components))
    rows = [{"path": p, **c.model_dump(exclude_defaults=True)} for p, c in sorted(found.items())]
    emit_rows(rows, COLUMNS, pick_format(fmt, as_json, as_yaml), id_key="path")
    return 0


@inventory.command("show")
@click.argument("path")
@format_options
@click.pass_obj
def show(app: AppContext, path: str, fmt: str, as_json: bool, as_yaml: bool) -> int:
    """Show one component and what lies below it.

    Example: opsledger inventory show onprem/dc1/net
    """
    service = app.ledger().inventory
    data: dict[str, Any]
    try:
        data = {"path": path.strip("/"), **service.get(path).model_dump(exclude_defaults=True)}
    except Exception:
        children = service.children(path)
        if not children:
            raise
        data = {"path": path.strip("/")}
    data["children"] = service.children(path)

    def text() -> str:
        lines = [str(data["path"])]
        lines += [f"  {k}: {v}" for k, v in data.items() if k not in ("path", "children")]
        if data["children"]:
            lines.append(f"  below ({len(data['children'])}):")
            lines += [f"    {c}" for c in data["children"]]
        return "\n".join(lines)

    emit_record(data, pick_format(fmt, as_json, as_yaml), text)
    return 0


command = inventory
