"""A command's arguments as plain data, and a strict parser for them that needs no click.

The same spec builds the click command (``clickspec``), so help, docs and the parser here
cannot drift apart. ``parse`` understands only the everyday forms and returns None for
anything else (help, an unknown or clustered option, a bad choice, a missing value...):
the caller then hands the argv to click, which keeps every error and help message."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple


class Argument(NamedTuple):
    name: str
    required: bool = False
    nargs: int = 1  # 1, or -1 for "all the rest"
    metavar: str | None = None
    raw: bool = False  # click.UNPROCESSED: the words after ``--`` of a recorded command


class Option(NamedTuple):
    dest: str
    flags: tuple[str, ...]
    help: str
    choices: tuple[str, ...] | None = None
    default: str | None = None
    multiple: bool = False
    is_flag: bool = False
    metavar: str | None = None
    show_default: bool = False
    kind: type[int] | type[float] | None = None  # the value's type, else text
    minimum: int | None = None  # the least value of an int
    off_flags: tuple[str, ...] = ()  # ``--x/--no-x``: these set False, and neither gives None

    def initial(self) -> Any:
        if self.multiple:
            return ()
        if self.is_flag:
            return None if self.off_flags else False
        if self.kind is not None and self.default is not None:
            return self.kind(self.default)
        return self.default


class CommandSpec(NamedTuple):
    name: str
    doc: str
    arguments: tuple[Argument, ...] = ()
    options: tuple[Option, ...] = ()
    # click then reads an unknown option as an argument; ``parse`` still declines it
    ignore_unknown_options: bool = False
    # A query: a word that is no option of the command (``-tag:noise``) is part of it,
    # wherever it stands; only an unknown ``--word`` is still an error.
    query_words: bool = False


def body_name(spec_name: str) -> str:
    """A module's body for its spec: ``SPEC`` runs with ``run``, ``SPEC_STOP`` with
    ``run_stop``; a top-level command's ``command = SPEC`` with ``run``."""
    return "run" + spec_name.removeprefix("SPEC").lower() if spec_name.startswith("SPEC") else "run"


def parse(spec: CommandSpec, argv: Sequence[str]) -> dict[str, Any] | None:
    """The keyword arguments click would pass to the command, or None to let click decide."""
    by_flag = {flag: option for option in spec.options for flag in option.flags}
    by_flag.update({flag: option for option in spec.options for flag in option.off_flags})
    values: dict[str, Any] = {}
    positional: list[str] = []
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--":
            positional += args
            break
        if not arg.startswith("-") or arg == "-":
            positional.append(arg)
            continue
        flag, eq, attached = arg.partition("=")
        option = by_flag.get(flag if flag.startswith("--") else arg)
        if option is None and spec.query_words and not arg.startswith("--") and flag != "-h":
            positional.append(arg)
            continue
        if option is None or (eq and option.is_flag):
            return None
        if option.is_flag:
            values[option.dest] = flag not in option.off_flags
            continue
        if eq:
            value = attached
        elif args and (spec.query_words or not args[0].startswith("-")):
            value = args.pop(0)  # a query command's value may start with '-': --sort -due
        else:
            return None  # a missing value, or one click might read differently
        if option.choices is not None and value not in option.choices:
            return None
        converted: Any = value
        if option.kind is not None:
            try:
                converted = option.kind(value)
            except ValueError:
                return None  # click says why
            if option.minimum is not None and converted < option.minimum:
                return None
        if option.multiple:
            values[option.dest] = (*values.get(option.dest, ()), converted)
        else:
            values[option.dest] = converted
    kwargs = _bind(spec.arguments, positional)
    if kwargs is None:
        return None
    for option in spec.options:
        kwargs[option.dest] = values.get(option.dest, option.initial())
    return kwargs


def _bind(arguments: Sequence[Argument], positional: list[str]) -> dict[str, Any] | None:
    kwargs: dict[str, Any] = {}
    rest = list(positional)
    for argument in arguments:
        if argument.nargs == -1:
            kwargs[argument.name] = tuple(rest)
            if argument.required and not rest:
                return None
            rest = []
        elif rest:
            kwargs[argument.name] = rest.pop(0)
        elif argument.required:
            return None
        else:
            kwargs[argument.name] = None
    return None if rest else kwargs
