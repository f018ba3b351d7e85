"""Budgets of command recording (DESIGN 7):

- shell hook per recorded command ≤ 5 ms, no process started: the hook's functions run
  N times inside the real bash, zsh and fish, against the same loop without the hook;
- ``cmd add`` including a signed commit ≤ 150 ms (median, whole process);
- ``cmd import`` of a 10,000-line history ≤ 2 s (whole process, one commit).

    uv sync && .venv/bin/python bench/bench_shell.py [--runs 20] [--loops 2000]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from harness import OPSLEDGER, clean_env, median, report, run, signed_repo, time_runs

from opsledger.shell.hooks import hook_script

LOOPS = {
    # One iteration is what the shell does around one typed command.
    "bash": (
        "set -o history; history -s 'df -h /var/lib/postgresql'; {setup}\n"
        "for ((i = 0; i < {n}; i++)); do __opsledger_armed=1; BASH_COMMAND=x; "
        "__opsledger_debug; __opsledger_begin; __opsledger_end; done"
    ),
    "zsh": (
        "zmodload zsh/datetime; {setup}\n"
        "for ((i = 0; i < {n}; i++)); do for f in $preexec_functions; do "
        "$f 'df -h' 'df -h' 'df -h'; done; for f in $precmd_functions; do $f; done; done"
    ),
    "fish": "{setup}\nfor i in (seq {n}); emit fish_postexec 'df -h'; end",
}
BASELINE_SETUP = {
    "bash": "__opsledger_debug() { :; }; __opsledger_begin() { :; }; __opsledger_end() { :; }",
    "zsh": "preexec_functions=(); precmd_functions=()",
    "fish": "function __noop --on-event fish_postexec; end",
}


def _shell_seconds(shell: str, script: str, env: dict[str, str]) -> float:
    argv = {
        "bash": ["bash", "-c"],
        "zsh": ["zsh", "-f", "-c"],
        "fish": ["fish", "--no-config", "-c"],
    }
    start = time.perf_counter()
    subprocess.run([*argv[shell], script], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def hook_overhead(base: Path, loops: int) -> dict[str, float | None]:
    results: dict[str, float | None] = {}
    for shell, loop in LOOPS.items():
        if shutil.which(shell) is None:
            results[f"{shell}_hook_ms"] = None
            continue
        hook = base / f"hook.{shell}"
        hook.write_text(hook_script(shell))
        spool = base / f"spool.{shell}"
        env = {**clean_env(), "OPSLEDGER_FOCUS": "T-00000000", "OPSLEDGER_SPOOL": str(spool),
               "HOME": str(base)}  # fmt: skip
        with_hook = loop.format(setup=f"source {hook}", n=loops)
        without = loop.format(setup=BASELINE_SETUP[shell], n=loops)
        hooked = min(_shell_seconds(shell, with_hook, env) for _ in range(3))
        bare = min(_shell_seconds(shell, without, env) for _ in range(3))
        records = spool.read_bytes().count(b"\x1e")
        assert records >= loops, f"{shell}: the hook wrote {records} records for {loops} commands"
        results[f"{shell}_hook_ms"] = round((hooked - bare) / loops * 1000, 3)
    return results


def _ledger(folder: Path) -> tuple[Path, str]:
    repo, public = signed_repo(folder)
    env = clean_env()
    run([OPSLEDGER, "-C", str(repo), "init", "--timezone", "Europe/Berlin"], env=env)
    config = repo / "opsledger.yaml"
    config.write_text(config.read_text().replace("signing: optional", "signing: required"))
    (repo / "people.yaml").write_text(
        f'people:\n  bench:\n    email: bench@example.com\n    signing_keys: ["{public}"]\n'
    )
    run(["git", "-C", str(repo), "add", "-A"], env=env)
    run(["git", "-C", str(repo), "commit", "-qm", "setup"], env=env)
    out = subprocess.run(
        [OPSLEDGER, "-C", str(repo), "task", "new", "Disk full on pg-07"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return repo, out.split()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--loops", type=int, default=2000)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="opsledger-bench-shell-"))
    env = clean_env()
    try:
        hooks = hook_overhead(base, args.loops)
        repo, task_id = _ledger(base / "ledger")
        add = time_runs(lambda i: [OPSLEDGER, "-C", str(repo), "cmd", "add", task_id, "--exit",
                                   "0", "--", f"df -h /var/lib/postgresql # {i}"],
                        args.runs, env=env)  # fmt: skip
        history = base / "bash_history"
        lines: list[str] = []
        for i in range(5000):  # 10,000 lines: a "#epoch" line and a command each
            lines += [f"#{1795165200 + i}", f"kubectl --context acme-prod get pods -n web-{i % 40}"]
        history.write_text("\n".join(lines) + "\n")
        _, fresh = _ledger(base / "import")
        start = time.perf_counter()
        run([OPSLEDGER, "-C", str(base / "import" / "repo"), "cmd", "import", fresh, "--shell",
             "bash", "--file", str(history)], env=env)  # fmt: skip
        import_seconds = time.perf_counter() - start
        report("shell", {
            **hooks,
            "hook_budget_ms": 5,
            "cmd_add_signed_ms": round(median(add), 1),
            "cmd_add_budget_ms": 150,
            "import_10k_lines_s": round(import_seconds, 2),
            "import_budget_s": 2,
        })  # fmt: skip
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
