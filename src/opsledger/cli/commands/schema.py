from __future__ import annotations

from pathlib import Path

import click


@click.group()
def schema() -> None:
    """JSON Schemas of the file kinds, for editors and other tools.

    Example: opsledger schema export schemas/
    """


@schema.command("export")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option("--kind", "kinds", multiple=True, help="Only this kind (repeatable).")
def export(directory: str | None, kinds: tuple[str, ...]) -> int:
    """Write one draft 2020-12 schema per file kind into DIRECTORY (or print one kind).

    Example: opsledger schema export .opsledger/schemas
    """
    from opsledger.model.errors import UsageError
    from opsledger.model.schemas import KINDS, render

    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise UsageError(f"unknown kind {unknown[0]!r}; known: {', '.join(KINDS)}")
    selected = list(kinds) or list(KINDS)
    if directory is None:
        if len(selected) != 1:
            raise UsageError("give a DIRECTORY, or one --kind to print it")
        click.echo(render(selected[0]), nl=False)
        return 0
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    for kind in selected:
        (target / f"{kind}.schema.json").write_text(render(kind), encoding="utf-8")
    click.echo(f"wrote {len(selected)} schemas to {target}")
    return 0


command = schema
