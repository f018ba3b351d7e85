"""docs/cli.md is generated from the commands themselves, so the two cannot drift apart.

Run ``uv run pytest tests/test_cli_docs.py --update-goldens`` after changing a command.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click

from opsledger.cli.root import cli
from tests.conftest import GoldenCheck

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def _walk(
    command: click.Command, path: list[str], ctx: click.Context
) -> Iterator[tuple[list[str], click.Command, click.Context]]:
    yield path, command, ctx
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None, name
            yield from _walk(sub, [*path, name], click.Context(sub, info_name=name, parent=ctx))


def _render() -> str:
    root = click.Context(
        cli,
        info_name="opsledger",
        terminal_width=88,
        max_content_width=88,
        help_option_names=["-h", "--help"],
    )
    parts = [
        "# CLI reference",
        "",
        "Generated from the commands' own help (`uv run pytest tests/test_cli_docs.py "
        "--update-goldens`). Every command also answers `--help`.",
        "",
    ]
    for path, command, ctx in _walk(cli, ["opsledger"], root):
        parts += [f"## `{' '.join(path)}`", "", "```", command.get_help(ctx).rstrip(), "```", ""]
    return "\n".join(parts)


def test_docs_match_the_commands(golden: GoldenCheck) -> None:
    golden(DOC, _render())


def test_every_command_has_help_with_an_example() -> None:
    root = click.Context(
        cli,
        info_name="opsledger",
        terminal_width=88,
        max_content_width=88,
        help_option_names=["-h", "--help"],
    )
    missing = [
        " ".join(path)
        for path, command, _ in _walk(cli, ["opsledger"], root)
        if not command.help or "Example:" not in command.help
    ]
    assert missing == []
