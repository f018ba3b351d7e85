"""Budget: ``list <filter>``, ``show`` and ``search`` on a warm index ≤ 75 ms median, whole
process. Peers in the same run: Taskwarrior 2.6 with the same tasks imported (a filtered
list and a text search) and ``git grep`` for the text search.

    .venv/bin/python bench/bench_query.py CORPUS [--runs 20]

CORPUS is bench/gen_corpus.py output (with --git); run it on the 10k reference corpus and
on a 100k one (``--tasks 100000``) to see how it scales. The corpus is copied first.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import OPSLEDGER, ROOT, clean_env, median, report, run, time_runs

sys.path.insert(0, str(ROOT / "src"))

LIST_QUERY = "is:open priority:>=high component:aws/eu-west-1/prod/** tag:database"
SEARCH_TEXT = '"replication lag"'
TW_STATUS = {"done": "completed", "cancelled": "deleted"}
TW_PRIORITY = {"critical": "H", "high": "H", "medium": "M", "low": "L"}


def _tw_time(stamp: str) -> str:
    return stamp.replace("-", "").replace(":", "")[:15] + "Z"


def _tw_rows(repo: Path) -> list[dict[str, Any]]:
    """Our tasks as Taskwarrior import rows: the same titles, statuses, priorities, tags."""
    from opsledger.ledger import Ledger

    rows: list[dict[str, Any]] = []
    for n, row in enumerate(Ledger.open(repo).query("", limit=None)):
        rows.append({
            "uuid": f"00000000-0000-4000-8000-{n:012d}",
            "description": row.get("title", ""),
            "status": TW_STATUS.get(row.get("status", "open"), "pending"),
            "priority": TW_PRIORITY.get(row.get("priority", "medium"), "M"),
            "project": row.get("client") or "ops",
            "entry": _tw_time(row.get("created", "2026-01-01T00:00:00+01:00")),
        })  # fmt: skip
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="opsledger-bench-query-"))
    env = clean_env()
    try:
        repo = base / "corpus"
        shutil.copytree(args.corpus, repo, symlinks=True)
        run([OPSLEDGER, "-C", str(repo), "index", "rebuild"], env=env)
        ids = subprocess.run(
            [OPSLEDGER, "-C", str(repo), "list", "is:open", "--limit", "1", "--format", "ids"],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout.split()
        show_prefix = ids[0][2:8]
        ours = {
            "list": [OPSLEDGER, "-C", str(repo), "list", LIST_QUERY],
            "show": [OPSLEDGER, "-C", str(repo), "show", show_prefix],
            "search": [OPSLEDGER, "-C", str(repo), "search", SEARCH_TEXT, "--limit", "20"],
            "search_commands": [OPSLEDGER, "-C", str(repo), "search", "--in", "commands",
                                "systemctl restart host:pg-07", "--limit", "20"],
        }  # fmt: skip
        times = {
            name: time_runs(lambda i, c=cmd: c, args.runs, env=env) for name, cmd in ours.items()
        }
        grep = time_runs(
            lambda i: [
                "git",
                "-C",
                str(repo),
                "grep",
                "-l",
                "-i",
                "replication lag",
                "--",
                "tasks",
            ],
            args.runs,
            env=env,
        )
        results: dict[str, Any] = {
            "tasks": len(list((repo / "tasks").rglob("T-*.yaml"))),
            "runs": args.runs,
            **{f"{name}_ms": round(median(t), 1) for name, t in times.items()},
            "git_grep_ms": round(median(grep), 1),
        }
        if shutil.which("task"):
            data = base / "taskdata"
            data.mkdir()
            rc = base / "taskrc"
            rc.write_text(
                f"data.location={data}\nconfirmation=off\nverbose=nothing\n"
                "search.case.sensitive=no\n"
            )
            tw_env = {**env, "TASKRC": str(rc), "TASKDATA": str(data)}
            subprocess.run(
                ["task", "import"],
                input=json.dumps(_tw_rows(repo)),
                text=True,
                env=tw_env,
                check=True,
                capture_output=True,
            )
            tw_list = time_runs(
                lambda i: ["task", "priority:H", "project:acme", "list"], args.runs, env=tw_env
            )
            tw_search = time_runs(
                lambda i: ["task", "/replication lag/", "all"], args.runs, env=tw_env
            )
            results |= {
                "taskwarrior_list_ms": round(median(tw_list), 1),
                "taskwarrior_search_ms": round(median(tw_search), 1),
                "ratio_list_vs_taskwarrior": round(median(times["list"]) / median(tw_list), 2),
                "ratio_search_vs_taskwarrior": round(
                    median(times["search"]) / median(tw_search), 2
                ),
            }
        results["ratio_search_vs_git_grep"] = round(median(times["search"]) / median(grep), 2)
        report("query", results)
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
