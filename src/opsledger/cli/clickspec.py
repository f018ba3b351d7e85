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
    kind = QueryCommand if spec.query_words else click.Command
    return kind(
        spec.name, callback=callback, params=params, help=spec.doc, context_settings=settings
    )


class QueryCommand(click.Command):
    """Words of the query may start with '-' (``-tag:noise``): anything that is not one of
    the command's options (nor looks like a long one) is part of the query, wherever it
    stands."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        takes_value: dict[str, bool] = {name: False for name in ctx.help_option_names}
        for param in self.get_params(ctx):
            if isinstance(param, click.Option):
                for name in (*param.opts, *param.secondary_opts):
                    takes_value[name] = not param.is_flag and not param.count
        options: list[str] = []
        words: list[str] = []
        rest = iter(args)
        for arg in rest:
            name = arg.split("=", 1)[0]
            if arg == "--":
                words += list(rest)
            elif name in takes_value:
                options.append(arg)
                if takes_value[name] and "=" not in arg:
                    options += [next(rest, "")]
            elif arg.startswith("--"):
                options.append(arg)  # a misspelt option: let click say so
            else:
                words.append(arg)
        return super().parse_args(ctx, [*options, "--", *words])


def _argument(argument: Argument) -> click.Argument:
    return click.Argument(
        [argument.name],
        required=argument.required,
        nargs=argument.nargs,
        metavar=argument.metavar,
        type=click.UNPROCESSED if argument.raw else None,
    )


def _option(option: Option) -> click.Option:
    declarations, settings = option_arguments(option)
    return click.Option(declarations, **settings)


def option_arguments(option: Option) -> tuple[list[str], dict[str, Any]]:
    """What ``click.Option`` (or ``click.option``) takes for this option."""
    value_type: Any = option.kind
    if option.choices is not None:
        value_type = click.Choice(option.choices)
    elif option.minimum is not None:
        value_type = click.IntRange(min=option.minimum)
    # only what the spec sets: click tells "not given" apart from an explicit None or False
    extra: dict[str, Any] = {
        "type": value_type,
        "default": option.default,
        "multiple": option.multiple,
        "is_flag": option.is_flag,
        "metavar": option.metavar,
        "show_default": option.show_default,
    }
    given = {key: value for key, value in extra.items() if value not in (None, False)}
    if option.off_flags:  # neither flag given: None, which click gives only when told
        pairs = [f"{on}/{off}" for on, off in zip(option.flags, option.off_flags, strict=True)]
        return [*pairs, option.dest], {"help": option.help, "default": None, **given}
    return [*option.flags, option.dest], {"help": option.help, **given}
