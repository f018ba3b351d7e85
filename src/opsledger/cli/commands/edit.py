from __future__ import annotations

import click

from opsledger.cli.context import AppContext


@click.command()
@click.argument("record_id", metavar="ID")
@click.pass_obj
def edit(app: AppContext, record_id: str) -> int:
    """Edit a record in $EDITOR; it is validated before it is committed.

    Encrypted values appear decrypted (in a private 0700 temp folder, removed afterwards);
    on save only the values that changed are encrypted again.

    Example: EDITOR=vim opsledger edit 3kq9
    """
    from opsledger.cli.editor import edit_until_valid

    ledger = app.ledger()
    task_id, path = ledger.tasks.resolve(record_id)
    text = path.read_text(encoding="utf-8")
    markers = ("ENC[", "secrets:", "redacted:")
    if not any(m in text for m in markers) and not ledger.ws.config_data.get("secret_fields"):
        # Nothing secret: skip the crypto layer (and its imports) entirely.
        task = edit_until_valid(text, path.name, lambda e: ledger.tasks.replace(task_id, e))
    else:
        secrets = ledger.secrets
        revealed = secrets.reveal(path, text)
        if revealed.locked:
            click.echo(
                f"{revealed.locked} encrypted values stay sealed: no identity opens them", err=True
            )
        task = edit_until_valid(
            revealed.text,
            path.name,
            lambda e: ledger.tasks.replace(task_id, secrets.seal(revealed, e)),
        )
    if task is not None:
        click.echo(f"saved {task.id}")
    return 0


command = edit
