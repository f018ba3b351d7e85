"""Budget: ``secret rotate`` over 10,000 values ≤ 10 s (whole process, one signed commit).
Peer: a loop calling the ``age`` CLI once per value (encrypt, and decrypt), next to our
per-value encrypt/decrypt through the API (JSON envelope + binding check included).

    uv sync && .venv/bin/python bench/bench_secrets.py [--values 10000] [--per-file 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import OPSLEDGER, clean_env, report, run, signed_repo

from opsledger.crypto.codec import Codec
from opsledger.crypto.keygen import create_identity
from opsledger.crypto.recipients import Rules


def _keys(folder: Path) -> tuple[dict[str, str], list[str]]:
    env = {"HOME": str(folder), "XDG_CONFIG_HOME": str(folder / ".config")}
    _, mine = create_identity(env)
    others = [create_identity(env, folder / f"k{i}.txt")[1] for i in range(2)]
    return env, [mine, *others]


def _ledger(folder: Path, values: int, per_file: int) -> tuple[Path, dict[str, str]]:
    repo, public = signed_repo(folder / "git")
    env, publics = _keys(folder)
    config = (
        "version: 1\nname: bench\ntimezone: Europe/Berlin\nsigning: required\n"
        "encryption:\n  rules:\n    - {path: '**', recipients: [team:sre, bot:ci]}\n"
    )
    people = (
        f'people:\n  bench:\n    email: bench@example.com\n    signing_keys: ["{public}"]\n'
        f"    teams: [sre]\n    age: {publics[0]}\n"
        f"  olivia: {{teams: [sre], age: {publics[1]}}}\n"
        f"teams: {{sre: {{}}}}\nbots:\n  ci: {{age: {publics[2]}}}\n"
    )
    (repo / "opsledger.yaml").write_text(config)
    (repo / "people.yaml").write_text(people)
    (repo / "inventory.yaml").write_text("components: {}\n")
    codec = Codec(
        Rules(
            {"encryption": {"rules": [{"path": "**", "recipients": ["team:sre", "bot:ci"]}]}},
            {
                "people": {
                    "a": {"teams": ["sre"], "age": publics[0]},
                    "b": {"teams": ["sre"], "age": publics[1]},
                },
                "bots": {"ci": {"age": publics[2]}},
            },
        ),
        env,
    )
    (repo / "tasks").mkdir()
    for n in range(values // per_file):
        task_id = "T-" + format(n, "08d")
        rel = f"tasks/{task_id}.yaml"
        lines = [
            f"id: {task_id}",
            f"title: Bench task {n}",
            "created: 2026-11-20T10:15:00+01:00",
            "status: open",
            "secrets:",
        ]
        for k in range(per_file):
            sealed = codec.encrypt(rel, task_id, ("secrets", f"v{k}"), f"pw-{n}-{k}")
            lines.append(f"  v{k}: {sealed}")
        (repo / rel).write_text("\n".join(lines) + "\n")
    run(["git", "-C", str(repo), "add", "-A"])
    run(["git", "-C", str(repo), "commit", "-qm", "bench corpus"])
    return repo, env


def _per_value(env: dict[str, str], count: int) -> dict[str, float]:
    rules = Rules(
        {"encryption": {"rules": [{"path": "**", "recipients": ["bench"]}]}},
        {"people": {"bench": {"age": _public(env)}}},
    )
    codec = Codec(rules, env)
    start = time.perf_counter()
    sealed = [codec.encrypt("t.yaml", "t.yaml", ("secrets", "a"), "hunter2") for _ in range(count)]
    encrypt = (time.perf_counter() - start) / count * 1e6
    start = time.perf_counter()
    for value in sealed:
        codec.decrypt("t.yaml", "t.yaml", ("secrets", "a"), value)
    decrypt = (time.perf_counter() - start) / count * 1e6
    identity = Path(env["XDG_CONFIG_HOME"]) / "opsledger" / "identity.txt"
    cli_count = max(count // 10, 20)
    start = time.perf_counter()
    files = [
        subprocess.run(
            ["age", "-r", _public(env)], input=b"hunter2", capture_output=True, check=True
        ).stdout
        for _ in range(cli_count)
    ]
    cli_encrypt = (time.perf_counter() - start) / cli_count * 1e6
    start = time.perf_counter()
    for age_file in files:
        subprocess.run(
            ["age", "-d", "-i", str(identity)], input=age_file, capture_output=True, check=True
        )
    cli_decrypt = (time.perf_counter() - start) / cli_count * 1e6
    return {
        "api_encrypt_us": round(encrypt),
        "api_decrypt_us": round(decrypt),
        "age_cli_encrypt_us": round(cli_encrypt),
        "age_cli_decrypt_us": round(cli_decrypt),
    }


def _public(env: dict[str, str]) -> str:
    text = (Path(env["XDG_CONFIG_HOME"]) / "opsledger" / "identity.txt").read_text()
    return text.split("# public key: ")[1].split()[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--values", type=int, default=10_000)
    parser.add_argument("--per-file", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-secrets-"))
    try:
        repo, env = _ledger(folder, args.values, args.per_file)
        report("secret_per_value", {"values": 1000, **_per_value(env, 1000)})
        proc_env = {**clean_env(), **env}
        start = time.perf_counter()
        subprocess.run(
            [OPSLEDGER, "-C", str(repo), "secret", "rotate"],
            env=proc_env,
            check=True,
            capture_output=True,
        )
        seconds = time.perf_counter() - start
        commits = subprocess.run(
            ["git", "-C", str(repo), "rev-list", "--count", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        report(
            "secret_rotate",
            {
                "values": args.values,
                "files": args.values // args.per_file,
                "recipients": 3,
                "seconds": round(seconds, 2),
                "budget_s": 10,
                "commits": int(commits),
                "cpus": os.cpu_count(),
            },
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
