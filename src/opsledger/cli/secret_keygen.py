"""``secret keygen``: works outside a ledger too (a new teammate's first step)."""

from __future__ import annotations

import os
from pathlib import Path

import click


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write it (default ~/.config/opsledger/identity.txt).",
)
@click.pass_obj
def keygen(_app: object, output: Path | None) -> int:
    """Create your age identity (mode 0600) and print its public recipient for people.yaml.

    Example: opsledger secret keygen
    """
    from opsledger.crypto.keygen import create_identity

    path, public = create_identity(dict(os.environ), output)
    click.echo(f"wrote {path}; add this line to your entry in people.yaml:", err=True)
    click.echo(f"age: {public}")
    return 0
