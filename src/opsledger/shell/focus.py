"""What ``focus``/``unfocus`` print for the shell to eval: the variables the hook reads."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

from opsledger.model.errors import UsageError
from opsledger.shell.hooks import SHELLS

FOCUS_VARS = ("OPSLEDGER_FOCUS", "OPSLEDGER_SPOOL")


def pick_shell(explicit: str | None, env: dict[str, str]) -> str:
    """``--shell``, else the shell whose hook is loaded, else the login shell's name."""
    name = explicit or env.get("OPSLEDGER_SHELL") or os.path.basename(env.get("SHELL", "bash"))
    if name not in SHELLS:
        raise UsageError(f"cannot tell the shell ({name!r}): pass --shell bash|zsh|fish")
    return name


def fish_quote(text: str) -> str:
    return "'" + re.sub(r"(['\\])", r"\\\1", text) + "'"


def focus_script(shell: str, task_id: str, spool: Path) -> str:
    if shell == "fish":
        return (
            f"set -gx OPSLEDGER_FOCUS {fish_quote(task_id)}\n"
            f"set -gx OPSLEDGER_SPOOL {fish_quote(str(spool))}\n"
        )
    return (
        f"export OPSLEDGER_FOCUS={shlex.quote(task_id)}\n"
        f"export OPSLEDGER_SPOOL={shlex.quote(str(spool))}\n"
    )


def unfocus_script(shell: str) -> str:
    if shell == "fish":
        return "".join(f"set -e {name}\n" for name in FOCUS_VARS)
    return f"unset {' '.join(FOCUS_VARS)}\n"
