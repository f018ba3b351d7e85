"""The text of ``opsledger status``: short, plain, quick to read."""

from __future__ import annotations

from typing import Any

from opsledger.index.fields import PRIORITIES
from opsledger.index.status import Bucket, Summary


def _line(row: dict[str, Any]) -> str:
    who = row.get("assignee") or "-"
    due = f"  due {row['due']}" if row.get("due") else ""
    return (
        f"  {row['id']}  {row.get('priority', ''):<8} {row.get('status', ''):<11} {who:<10}"
        f" {row.get('title', '')}{due}"
    )


def _section(title: str, bucket: Bucket) -> list[str]:
    lines = [f"{title} ({bucket.total})"]
    lines += [_line(r) for r in bucket.rows]
    if bucket.total > len(bucket.rows):
        lines.append(f"  … and {bucket.total - len(bucket.rows)} more")
    return lines


def render_status(name: str, summary: Summary, now: str) -> str:
    incidents = summary.incidents_by_priority
    counts = ", ".join(f"{incidents[p]} {p}" for p in PRIORITIES if incidents[p]) or "none"
    lines = [
        f"{name} — {now}",
        f"Open tasks: {summary.open_total}",
        f"Open incidents: {sum(incidents.values())} ({counts})",
        "",
    ]
    if summary.me is None:
        lines.append(
            "My tasks: unknown user (set OPSLEDGER_USER or add your git email to people.yaml)"
        )
    else:
        lines += _section(f"My tasks ({summary.me})", summary.mine)
    for title, bucket in (
        ("Overdue", summary.overdue),
        ("Blocked", summary.blocked),
        ("Changed in the last 7 days", summary.recent),
    ):
        lines += ["", *_section(title, bucket)]
    lines += ["", f"Next windows ({len(summary.windows)})"]
    for window in summary.windows:
        span = f"{window.start.isoformat()} → {window.end.isoformat()}"
        lines.append(f"  {window.id}  {window.kind:<11} {span}  {window.title}")
    return "\n".join(lines)


def status_data(summary: Summary) -> dict[str, Any]:
    def ids(bucket: Bucket) -> list[str]:
        return [r["id"] for r in bucket.rows]

    return {
        "open": summary.open_total,
        "incidents_by_priority": summary.incidents_by_priority,
        "me": summary.me,
        "mine": ids(summary.mine),
        "overdue": ids(summary.overdue),
        "blocked": ids(summary.blocked),
        "recent": ids(summary.recent),
        "next_windows": [
            {
                "id": w.id,
                "kind": w.kind,
                "start": w.start.isoformat(),
                "end": w.end.isoformat(),
                "title": w.title,
            }
            for w in summary.windows
        ],
    }
