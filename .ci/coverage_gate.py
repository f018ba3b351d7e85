"""Fail CI when line coverage drops: 90 % overall, 100 % where a miss is an outage.

Runs after ``uv run pytest`` (which writes ``.coverage`` through pytest-cov), so a partial
local test run is never refused. The areas are named in docs/development.md.
"""

from __future__ import annotations

import fnmatch
import sys
from pathlib import Path

import coverage

OVERALL = 90.0
AREAS = {
    "window conflicts": [
        "schedule/conflicts.py",
        "schedule/pairs.py",
        "schedule/involved.py",
        "schedule/capacity.py",
        "schedule/detect.py",
        "schedule/links.py",
        "schedule/runner.py",
        "schedule/suggest.py",
        "schedule/nearby.py",
        "schedule/simplerule.py",
    ],
    "alert processing": ["alerts/*.py"],
    "command capture": [
        "shell/capture.py",
        "shell/spool.py",
        "shell/flush.py",
        "shell/outputs.py",
        "shell/redact.py",
        "shell/append.py",
        "shell/splice.py",
        "shell/hooks.py",
        "cli/cmd_capture.py",
        "cli/cmd_exit.py",
        "cli/cmd_flush.py",
    ],
}


def main() -> int:
    data_file = Path(".coverage")
    if not data_file.exists():
        print("coverage gate: no .coverage file; run `uv run pytest` first", file=sys.stderr)
        return 2
    cov = coverage.Coverage(data_file=str(data_file))
    totals: dict[str, tuple[int, int]] = {}
    try:
        cov.load()
        for filename in sorted(cov.get_data().measured_files()):
            _, statements, _, missing, _ = cov.analysis2(filename)
            totals[filename] = (len(statements), len(missing))
    except coverage.exceptions.CoverageException as exc:
        print(f"coverage gate: cannot read {data_file}: {exc}", file=sys.stderr)
        return 2
    failed = False
    all_lines = sum(n for n, _ in totals.values())
    all_missed = sum(m for _, m in totals.values())
    overall = 100.0 * (all_lines - all_missed) / max(all_lines, 1)
    print(f"coverage gate: overall {overall:.1f} % (needs {OVERALL:g} %)")
    failed |= overall < OVERALL
    for area, patterns in AREAS.items():
        files = {
            name: counts
            for name, counts in totals.items()
            if any(fnmatch.fnmatch(name, f"*/opsledger/{p}") for p in patterns)
        }
        if not files:
            print(f"coverage gate: {area}: no file measured", file=sys.stderr)
            failed = True
            continue
        missed = {Path(name).name: m for name, (_, m) in files.items() if m}
        lines = sum(n for n, _ in files.values())
        print(f"coverage gate: {area}: {len(files)} files, {lines} lines, missed {missed or 0}")
        failed |= bool(missed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
