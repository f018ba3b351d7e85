from __future__ import annotations

import click

from opsledger.cli.context import AppContext
from opsledger.cli.output import emit_rows, format_options, pick_format


@click.group()
def index() -> None:
    """The search index: a cache of the ledger files, kept up to date on every query.

    Example: opsledger index rebuild
    """


@index.command()
@click.pass_obj
def rebuild(app: AppContext) -> int:
    """Throw the index away and build it again from the files.

    Example: opsledger -C ops index rebuild
    """
    ledger = app.ledger()
    done = ledger.index.rebuild()
    click.echo(f"indexed {done.parsed} files ({done.errors} with errors) into {ledger.index.path}")
    return 0


@index.command("problems")
@format_options
@click.pass_obj
def problems(app: AppContext, fmt: str, as_json: bool, as_yaml: bool) -> int:
    """Files the index could not read (they are left out of every query); exit 1 if any.

    Example: opsledger index problems --format csv
    """
    found = app.ledger().index.problems()
    rows = [{"path": path, "error": error} for path, error in found]
    emit_rows(rows, ("path", "error"), pick_format(fmt, as_json, as_yaml), id_key="path")
    return 1 if rows else 0


command = index
