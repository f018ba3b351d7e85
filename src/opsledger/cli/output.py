"""Output formats of read commands: table, json, csv, yaml, ids (DESIGN 5).

Only ``format_options`` needs click, and imports it when called: printing rows does not,
so a read path without click can use the rest."""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from opsledger.cli.optspec import Option

FORMATS = ("table", "json", "csv", "yaml", "ids")
F = TypeVar("F", bound=Callable[..., Any])


FORMAT_OPTIONS = (
    Option(
        "fmt", ("--format",), "Output format.", choices=FORMATS, default="table", show_default=True
    ),
    Option("as_json", ("--json",), "Shorthand for --format json.", is_flag=True),
    Option("as_yaml", ("--yaml",), "Shorthand for --format yaml.", is_flag=True),
)


def format_options(func: F) -> F:
    """``--format`` plus the ``--json``/``--yaml`` shorthands, for a click command."""
    import click

    from opsledger.cli.clickspec import option_arguments

    for option in reversed(FORMAT_OPTIONS):
        declarations, settings = option_arguments(option)
        func = click.option(*declarations, **settings)(func)
    return func


def pick_format(fmt: str, as_json: bool, as_yaml: bool) -> str:
    return "json" if as_json else "yaml" if as_yaml else fmt


def echo(text: str = "", *, nl: bool = True, err: bool = False) -> None:
    """``click.echo`` for text: the stream is looked up at each call, as click does."""
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n" if nl else text)
    stream.flush()


def is_tty() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(_cell(v) for v in value)  # pyright: ignore[reportUnknownVariableType]
    if isinstance(value, dict):
        return ",".join(f"{k}={_cell(v)}" for k, v in value.items())  # pyright: ignore[reportUnknownVariableType]
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def plain_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    cells = [[_cell(row.get(c)).replace("\n", " ") for c in columns] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)


def to_yaml(data: Any) -> str:
    from opsledger.store.emit import emit_any

    return emit_any(data)


def emit_rows(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[str], fmt: str, id_key: str = "id"
) -> None:
    if fmt == "json":
        echo(json.dumps(list(rows), indent=2, ensure_ascii=False, default=str))
    elif fmt == "yaml":
        echo(to_yaml([dict(r) for r in rows]), nl=False)
    elif fmt == "ids":
        for row in rows:
            echo(row.get(id_key, ""))
    elif fmt == "csv":
        import csv  # only here: creating a task prints through this module too

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        echo(buffer.getvalue(), nl=False)
    elif is_tty():
        _rich_table(rows, columns)
    elif rows:
        echo(plain_table(rows, columns))


def _rich_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, header_style="bold")
    for column in columns:
        table.add_column(column.upper())
    for row in rows:
        table.add_row(*[_cell(row.get(c)) for c in columns])
    Console().print(table)


def emit_record(data: Mapping[str, Any], fmt: str, render_text: Callable[[], str]) -> None:
    if fmt == "json":
        echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    elif fmt == "yaml":
        echo(to_yaml(dict(data)), nl=False)
    elif fmt == "ids":
        echo(data.get("id", ""))
    else:
        echo(render_text())
