"""Sub-commands are imported only when used, so ``opsledger list`` stays quick.

A target may also be a ``CommandSpec`` (``cli.optspec``): its module's ``run`` is the body
(``run_stop`` for ``SPEC_STOP``) and the click command is built here, so that module does
not import click itself."""

from __future__ import annotations

import importlib
from typing import Any

import click

from opsledger.cli.clickspec import build
from opsledger.cli.optspec import CommandSpec, body_name


class LazyGroup(click.Group):
    def __init__(
        self, *args: Any, lazy_commands: dict[str, str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = lazy_commands or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands:
            module_name, attr = self.lazy_commands[cmd_name].split(":")
            module = importlib.import_module(module_name)
            command = getattr(module, attr)
            if isinstance(command, CommandSpec):
                command = build(command, getattr(module, body_name(attr)))
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)
