"""Budgets of command recording (DESIGN 7):

- shell hook per recorded command ≤ 5 ms, no process started: the hook's functions run
  N times inside the real bash, zsh and fish, against the same loop without the hook;
- ``cmd add`` including a signed commit ≤ 150 ms (median, whole process), on a fresh
  ledger and, with ``--corpus``, on a copy of a ledger of realistic size (a task of median
  file size, named by its full id and by a 6-character prefix); ``*_cpu_ms`` is the
  median user + sys time of the run, git and ssh-keygen included;
- ``cmd import`` of a 10,000-line history ≤ 2 s (whole process, one commit).

    uv sync && .venv/bin/python bench/bench_shell.py [--runs 20] [--loops 2000] [--corpus DIR]

DIR is ``gen_corpus.py --git`` output (copied first, never written).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from harness import OPSLEDGER, clean_env, median, report, run, signed_ledger, signed_repo

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
    repo = signed_ledger(folder)
    env = clean_env()
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


def _add(repo: Path, name: str) -> Callable[[int], list[str]]:
    return lambda i: [OPSLEDGER, "-C", str(repo), "cmd", "add", name, "--exit", "0", "--",
                      f"df -h /var/lib/postgresql # {i}"]  # fmt: skip


def _add_runs(repo: Path, name: str, runs: int, env: dict[str, str]) -> tuple[float, float]:
    """Median wall and median CPU (user + sys of the process and its git children) in ms of
    ``cmd add``: on a shared machine the CPU figure stays put while the wall one drifts."""
    walls: list[float] = []
    cpus: list[float] = []
    for i in range(-2, runs):  # two untimed warm-up runs
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        run(_add(repo, name)(i), env=env)
        wall = (time.perf_counter() - start) * 1000
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
        if i >= 0:
            walls.append(wall)
            cpus.append(cpu)
    return round(median(walls), 1), round(median(cpus), 1)


def _corpus_ledger(corpus: Path, folder: Path) -> tuple[Path, str]:
    """A signing copy of ``corpus`` (same set-up as ``signed_repo``) and a task of median size."""
    keys, public = signed_repo(folder / "keys")  # only its key and git config are borrowed
    repo = folder / "corpus"
    shutil.copytree(corpus, repo, symlinks=True)
    env = clean_env()
    for name in ("user.name", "user.email", "gpg.format", "user.signingkey", "commit.gpgsign"):
        value = subprocess.run(["git", "-C", str(keys), "config", name], env=env, check=True,
                               capture_output=True, text=True).stdout.strip()  # fmt: skip
        run(["git", "-C", str(repo), "config", name, value], env=env)
    config = repo / "opsledger.yaml"
    config.write_text(config.read_text().replace("signing: optional", "signing: required"))
    people = repo / "people.yaml"
    bench = f'  bench:\n    email: bench@example.com\n    signing_keys: ["{public}"]\n'
    people.write_text(people.read_text().replace("people:\n", "people:\n" + bench, 1))
    run(["git", "-C", str(repo), "commit", "-qam", "bench signing"], env=env)
    tasks = sorted((p.stat().st_size, p.name) for p in repo.glob("tasks/**/T-*.yaml"))
    return repo, tasks[len(tasks) // 2][1].removesuffix(".yaml")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--loops", type=int, default=2000)
    parser.add_argument("--corpus", type=Path, help="also time cmd add on a copy of this ledger")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="opsledger-bench-shell-"))
    env = clean_env()
    try:
        hooks = hook_overhead(base, args.loops)
        repo, task_id = _ledger(base / "ledger")
        add, add_cpu = _add_runs(repo, task_id, args.runs, env)
        corpus: dict[str, float] = {}
        if args.corpus is not None:
            big, task = _corpus_ledger(args.corpus.resolve(), base / "big")
            for key, name in (("cmd_add_corpus", task), ("cmd_add_corpus_prefix", task[2:8])):
                corpus[f"{key}_ms"], corpus[f"{key}_cpu_ms"] = _add_runs(big, name, args.runs, env)
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
            "cmd_add_signed_ms": add,
            "cmd_add_signed_cpu_ms": add_cpu,
            **corpus,
            "cmd_add_budget_ms": 150,
            "import_10k_lines_s": round(import_seconds, 2),
            "import_budget_s": 2,
        })  # fmt: skip
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
