from __future__ import annotations

import click

from opsledger.cli.context import AppContext


@click.command()
@click.option(
    "--listen",
    default="127.0.0.1:9095",
    show_default=True,
    metavar="HOST:PORT",
    help="Address to listen on (port 0 picks a free one).",
)
@click.option(
    "--token-file",
    type=click.Path(dir_okay=False),
    default=None,
    help="File holding the bearer token senders must present.",
)
@click.option("--push", is_flag=True, help="Push after each commit (fetch, rebase, retry).")
@click.option("--batch-size", default=2000, show_default=True, help="Most payloads per commit.")
@click.pass_obj
def serve(app: AppContext, listen: str, token_file: str | None, push: bool, batch_size: int) -> int:
    """Run the webhook receiver: /alerts/alertmanager|grafana|cloudwatch|generic.

    Each accepted payload is journaled (fsync) before the 200; a background writer
    commits batches. SIGTERM drains the journal, then exits.

    Example: opsledger alert serve --listen 127.0.0.1:9095 --token-file /etc/opsledger/token
    """
    import logging
    import signal
    from pathlib import Path

    from opsledger.alerts.receiver import Receiver, read_token

    logging.basicConfig(level=logging.INFO, format="opsledger: %(message)s")
    token = read_token(Path(token_file)) if token_file else None
    receiver = Receiver(app.ledger().alerts, listen, token=token, push=push, batch_size=batch_size)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: receiver.shutdown())  # pyright: ignore[reportUnknownLambdaType, reportUnknownArgumentType]
    host, port = receiver.address
    click.echo(f"listening on {host}:{port}", err=True)
    receiver.serve()
    click.echo("drained; bye", err=True)
    return 0
