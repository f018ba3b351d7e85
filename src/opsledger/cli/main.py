"""The ``opsledger`` command: a click-free path for the hot commands, click for the rest,
and the one error handler both share.

Creating a task, recording a command and the time verbs have a whole-process budget
(DESIGN 7) that importing click alone would eat a fifth of: in their everyday forms they
are parsed here from their ``optspec`` and run directly. Anything unusual (help, a bad
option, a root option not handled here) goes to the click group in ``cli.root``, which
then gives every message and exit code as before."""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from opsledger.cli.context import AppContext
from opsledger.cli.optspec import CommandSpec, body_name, parse
from opsledger.cli.output import echo
from opsledger.model.errors import OpsledgerError

# Commands that query the index: git checks the work tree in the background meanwhile.
QUERY_COMMANDS = ("list", "show", "search", "status")
# sub-command path -> "module:SPEC_NAME"; the body is ``optspec.body_name(SPEC_NAME)``
LEAN_COMMANDS: dict[tuple[str, ...], str] = {
    ("list",): "opsledger.cli.commands.list:SPEC",
    ("show",): "opsledger.cli.commands.show:SPEC",
    ("search",): "opsledger.cli.commands.search:SPEC",
    ("status",): "opsledger.cli.commands.status:SPEC",
    ("task", "new"): "opsledger.cli.task_new:SPEC",
    ("cmd", "add"): "opsledger.cli.cmd_add:SPEC",
    ("time", "start"): "opsledger.cli.time_timer:SPEC_START",
    ("time", "stop"): "opsledger.cli.time_timer:SPEC_STOP",
    ("time", "status"): "opsledger.cli.time_timer:SPEC_STATUS",
    ("time", "add"): "opsledger.cli.time_entry:SPEC_ADD",
    ("time", "edit"): "opsledger.cli.time_entry:SPEC_EDIT",
    ("time", "rm"): "opsledger.cli.time_entry:SPEC_RM",
}


def app_context(directory: str | None, now: str | None, no_commit: bool, debug: bool) -> AppContext:
    commit = not no_commit and os.environ.get("OPSLEDGER_COMMIT", "1") != "0"
    return AppContext(directory=directory, now=now, commit=commit, debug=debug)


# The cyclic collector's pace for a command: a young collection per 50,000 new containers
# instead of 700. A command builds large acyclic data in bursts (a report's 100k-row table
# and its groups, an index's rows), and at the default pace the collector rescans it
# again and again: 15-20 % of a report. Long-running commands still collect.
GC_PACE = (50_000, 20, 100)


def main(argv: Sequence[str] | None = None) -> int:
    gc.set_threshold(*GC_PACE)
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    code = guarded(lambda: _dispatch(args, debug), debug)
    if argv is None and not debug and _lean_path(args):
        _exit_now(code)
    return code


def _lean_path(args: list[str]) -> bool:
    """Whether ``args`` name a command of LEAN_COMMANDS (run lean or, if unusual, by click)."""
    root = _root_options(args)
    if root is None:
        return False
    rest = root[1]
    return tuple(rest[:2]) in LEAN_COMMANDS or tuple(rest[:1]) in LEAN_COMMANDS


def _exit_now(code: int) -> NoReturn:
    """End a hot command (the process's own entry point only) once its output is out: the
    interpreter's teardown, freeing every module, costs ~5 ms of budgets of 75-150 ms.

    These commands write only files they have closed, wait for the git processes they
    commit with, and register no atexit handler (tests/cli/test_fast_exit.py). What the
    teardown would still do is harmless to skip: the index's connection is not closed,
    so its WAL is not checkpointed (SQLite reads it, and checkpoints it at a later write),
    and a query's background ``git diff-files`` probe, which takes no lock, may outlive
    the command. The exit status is what the teardown would give: 1 for a reader that
    left (unless an error already set one), 120 when the output could not be written.
    """
    stdout = sys.stdout
    try:
        if stdout is not None:
            stdout.flush()
    except BrokenPipeError:
        code = code or 1  # the reader left, as in ``guarded``
    except (OSError, ValueError):
        code = code or 120  # Python's own status when the final flush fails
    with contextlib.suppress(Exception):
        if sys.stderr is not None:
            sys.stderr.flush()
    os._exit(code)


def guarded(call: Callable[[], int], debug: bool) -> int:
    """The library's errors as one line; an interrupt or a closed pipe as click has them."""
    try:
        return call()
    except OpsledgerError as exc:
        if debug:
            raise
        echo(f"opsledger: error: {exc}", err=True)
        return exc.exit_code
    except (EOFError, KeyboardInterrupt):
        echo(err=True)  # closes the terminal's ^C echo
        echo("opsledger: aborted", err=True)
        return 130
    except BrokenPipeError:
        _drop_stdout()
        return 1


def _dispatch(args: list[str], debug: bool) -> int:
    lean = _lean_call(args)
    if lean is not None:
        return lean()
    from opsledger.cli.root import run_click

    return run_click(args, debug)


def _lean_call(args: list[str]) -> Callable[[], int] | None:
    if os.environ.get("_OPSLEDGER_COMPLETE"):
        return None  # shell completion is click's
    root = _root_options(args)
    if root is None:
        return None
    options, rest = root
    words = 2 if tuple(rest[:2]) in LEAN_COMMANDS else 1
    target = LEAN_COMMANDS.get(tuple(rest[:words]))
    if target is None:
        return None
    module_name, attr = target.split(":")
    module = importlib.import_module(module_name)
    spec: CommandSpec = getattr(module, attr)
    kwargs = parse(spec, rest[words:])
    if kwargs is None:
        return None
    if rest[0] in QUERY_COMMANDS:
        from opsledger.index.gitprobe import start_early

        start_early(Path(options["directory"] or "."))  # git stats files while we import
    body: Callable[..., int] = getattr(module, body_name(attr))
    if options["now"] is None:
        options["now"] = os.environ.get("OPSLEDGER_NOW") or None  # click skips an empty one
    app = app_context(**options)
    return lambda: body(app, **kwargs)


def _root_options(args: list[str]) -> tuple[dict[str, Any], list[str]] | None:
    """The root options click's group would read before the sub-command, or None if any
    is one this does not handle (``--version``, ``-h``, a value that looks like an option)."""
    options: dict[str, Any] = {"directory": None, "now": None, "no_commit": False, "debug": False}
    rest = list(args)
    while rest and rest[0].startswith("-"):
        arg = rest.pop(0)
        if arg in ("--no-commit", "--debug"):
            options[arg[2:].replace("-", "_")] = True
            continue
        if arg in ("-C", "--now"):
            if not rest or rest[0].startswith("-"):
                return None
            value = rest.pop(0)
        elif arg.startswith(("--now=", "-C")):
            value = arg[6:] if arg.startswith("--now=") else arg[2:]
        else:
            return None
        if not value:
            return None
        options["now" if arg.startswith("--now") else "directory"] = value
    directory: str | None = options["directory"]
    if directory is not None and os.path.exists(directory) and not _readable_dir(directory):
        return None  # click.Path(file_okay=False) says why
    return options, rest


def _readable_dir(path: str) -> bool:
    return os.path.isdir(path) and os.access(path, os.R_OK)


def _drop_stdout() -> None:
    """The reader is gone: later writes and the final flush go nowhere, not to a traceback."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
