"""Shared bits of the benchmark scripts: timing whole processes, medians, a signed repo."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OPSLEDGER = str(ROOT / ".venv" / "bin" / "opsledger")


def run(cmd: Sequence[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> None:
    subprocess.run(
        list(cmd), cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def time_runs(
    make_cmd: Callable[[int], Sequence[str]],
    runs: int,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    warmup: int = 2,
) -> list[float]:
    """Wall-clock milliseconds of ``runs`` whole-process runs (after ``warmup`` untimed ones)."""
    for i in range(warmup):
        run(make_cmd(-1 - i), cwd, env)
    out: list[float] = []
    for i in range(runs):
        start = time.perf_counter()
        run(make_cmd(i), cwd, env)
        out.append((time.perf_counter() - start) * 1000)
    return out


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def signed_repo(folder: Path, email: str = "bench@example.com") -> tuple[Path, str]:
    """A git repo signing every commit with a fresh ssh ed25519 key; returns (repo, pubkey)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    key = folder / "key"
    run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", email, "-f", str(key)])
    public = (folder / "key.pub").read_text().strip()
    repo = folder / "repo"
    run(["git", "init", "-q", "-b", "main", str(repo)])
    for name, value in [
        ("user.name", "Bench"),
        ("user.email", email),
        ("gpg.format", "ssh"),
        ("user.signingkey", str(key)),
        ("commit.gpgsign", "true"),
    ]:
        run(["git", "-C", str(repo), "config", name, value])
    return repo, public


def signed_ledger(folder: Path, people_extra: str = "") -> Path:
    """An initialised ledger with ``signing: required`` in a ``signed_repo``; its one
    person (``bench``) holds the signing key. Nothing is committed yet."""
    repo, public = signed_repo(folder)
    run([OPSLEDGER, "-C", str(repo), "init", "--timezone", "Europe/Berlin"], env=clean_env())
    config = repo / "opsledger.yaml"
    config.write_text(config.read_text().replace("signing: optional", "signing: required"))
    (repo / "people.yaml").write_text(
        f'people:\n  bench:\n    email: bench@example.com\n    signing_keys: ["{public}"]\n'
        + people_extra
    )
    return repo


def report(name: str, results: dict[str, object]) -> None:
    """One JSON line per benchmark, for docs/BENCHMARKS.md."""
    print(json.dumps({"bench": name, **results}, sort_keys=False))
    sys.stdout.flush()


# The yardstick the index and validator budgets were set against: PyYAML's C loader
# parsing every task file, in one process, nothing else.
_C_LOADER = """
import sys, time, yaml
paths = sys.argv[1:]
start = time.perf_counter()
for path in paths:
    with open(path, "rb") as handle:
        yaml.load(handle.read(), Loader=yaml.CSafeLoader)
print((time.perf_counter() - start) * 1000)
"""


def c_loader_ms(paths: Sequence[Path]) -> float:
    """Milliseconds PyYAML's C loader (``yaml.CSafeLoader``) takes to parse ``paths``."""
    python = str(ROOT / ".venv" / "bin" / "python")
    out = subprocess.run(
        [python, "-c", _C_LOADER, *map(str, paths)], capture_output=True, text=True, check=True
    )
    return float(out.stdout)


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "OPSLEDGER_"))}
    env["LC_ALL"] = "C"
    return env
