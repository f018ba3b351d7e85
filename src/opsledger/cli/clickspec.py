"""The click command for an ``optspec.CommandSpec``: help, ``--help`` and every error
message of a spec'd command come from here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from opsledger.cli.context import AppContext
from opsledger.cli.optspec import Argument, CommandSpec, Option

Body = Callable[..., int]


def build(spec: CommandSpec, body: Body) -> click.Command:
    """``body(app, **kwargs)`` as a click command, with ``@click.pass_obj`` semantics."""

    @click.pass_obj
    def callback(app: AppContext, **kwargs: Any) -> int:
        return body(app, **kwargs)

    params: list[click.Parameter] = [_argument(a) for a in spec.arguments]
    params += [_option(o) for o in spec.options]
    settings = {"ignore_unknown_options": True} if spec.ignore_unknown_options else {}
    return click.Command(
        spec.name, callback=callback, params=params, help=spec.doc, context_settings=settings
    )


def _argument(argument: Argument) -> click.Argument:
    return click.Argument(
        [argument.name],
        required=argument.required,
        nargs=argument.nargs,
        metavar=argument.metavar,
        type=click.UNPROCESSED if argument.raw else None,
    )


def _option(option: Option) -> click.Option:
    # only what the spec sets: click tells "not given" apart from an explicit None or False
    extra: dict[str, Any] = {
        "type": click.Choice(option.choices) if option.choices is not None else option.kind,
        "default": option.default,
        "multiple": option.multiple,
        "is_flag": option.is_flag,
        "metavar": option.metavar,
        "show_default": option.show_default,
    }
    given = {key: value for key, value in extra.items() if value not in (None, False)}
    if option.off_flags:  # neither flag given: None, which click gives only when told
        pairs = [f"{on}/{off}" for on, off in zip(option.flags, option.off_flags, strict=True)]
        return click.Option([*pairs, option.dest], help=option.help, default=None, **given)
    return click.Option([*option.flags, option.dest], help=option.help, **given)
