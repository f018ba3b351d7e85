from __future__ import annotations

import click

from opsledger.cli.lazy import LazyGroup

SECRET_COMMANDS = {
    "set": "opsledger.cli.secret_value:set_",
    "get": "opsledger.cli.secret_value:get",
    "rotate": "opsledger.cli.secret_rotate:rotate",
    "recipients": "opsledger.cli.secret_recipients:recipients",
    "keygen": "opsledger.cli.secret_keygen:keygen",
    "scan": "opsledger.cli.secret_scan:scan",
}


@click.group(cls=LazyGroup, lazy_commands=SECRET_COMMANDS)
def secret() -> None:
    """Age-encrypted values bound to their record and field (see docs/security.md).

    Example: opsledger secret set 3kq9 secrets.db_password < password.txt
    """


command = secret
