"""Runbooks (``runbooks/<slug>.md``) are records: title, front matter fields, full text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.index.conftest import open_ledger

Small = tuple[Path, list[dict[str, Any]]]

WITH_FRONT = """---
title: Fail over the PostgreSQL cluster
components: [aws/eu-west-1/prod/db]
tasks: [{task}]
tags: [postgres]
---
# A heading that is not the title

Use `patronictl switchover` when the primary still answers.
"""
NO_FRONT = """Some words before any heading.

```sh
# not a heading: inside a fence
```

# Rotate the TLS certificates  #

Renew with certbot, then reload haproxy.
"""


def _runbooks(root: Path, query: str = "", **options: Any) -> list[dict[str, Any]]:
    return open_ledger(root).query(query, kind="runbook", **options)


@pytest.fixture
def runbooks(small: Small) -> Small:
    root, tasks = small
    folder = root / "runbooks"
    (folder / "certs").mkdir(parents=True)
    (folder / "pg-failover.md").write_text(WITH_FRONT.format(task=tasks[0]["id"]))
    (folder / "certs" / "tls-rotate.md").write_text(NO_FRONT)
    (folder / "empty.md").write_text("no heading at all\n")
    (folder / "notes.txt").write_text("# not a runbook\n")
    return root, tasks


def test_titles_from_front_matter_heading_or_slug(runbooks: Small) -> None:
    root, _ = runbooks
    found = {r["id"]: (r["title"], r["path"]) for r in _runbooks(root)}
    assert found == {
        "pg-failover": ("Fail over the PostgreSQL cluster", "runbooks/pg-failover.md"),
        "certs/tls-rotate": ("Rotate the TLS certificates", "runbooks/certs/tls-rotate.md"),
        "empty": ("empty", "runbooks/empty.md"),
    }
    assert [r["id"] for r in _runbooks(root, sort="-id")] == [
        "pg-failover", "empty", "certs/tls-rotate"
    ]  # fmt: skip


def test_body_and_front_matter_fields_are_queryable(runbooks: Small) -> None:
    root, tasks = runbooks
    assert [r["id"] for r in _runbooks(root, "switchover")] == ["pg-failover"]
    assert [r["id"] for r in _runbooks(root, "certbot haproxy")] == ["certs/tls-rotate"]
    assert [r["id"] for r in _runbooks(root, "title")] == ["pg-failover"]
    assert [r["id"] for r in _runbooks(root, "component:aws/**/db/pg-07")] == ["pg-failover"]
    assert [r["id"] for r in _runbooks(root, "tag:postgres")] == ["pg-failover"]
    assert [r["id"] for r in _runbooks(root, "fence")] == ["certs/tls-rotate"]  # code is text too
    assert _runbooks(root, "kubernetes") == []
    # Runbooks stay out of task queries, and tasks out of runbook queries.
    assert all(r["id"] != "pg-failover" for r in open_ledger(root).query("switchover"))
    ledger = open_ledger(root)
    related = ledger.index.related(tasks[0]["id"])
    assert [r[0] for r in related["runbooks"]] == ["pg-failover"]
    assert [r[0] for r in ledger.index.related("pg-failover")["tasks"]] == [tasks[0]["id"]]


def test_show_resolves_a_slug_and_edits_are_seen(runbooks: Small) -> None:
    root, _ = runbooks
    ledger = open_ledger(root)
    assert ledger.index.resolve("certs/tls-rotate") == {
        "id": "certs/tls-rotate", "kind": "runbook", "path": "runbooks/certs/tls-rotate.md"
    }  # fmt: skip
    path = root / "runbooks" / "certs" / "tls-rotate.md"
    path.write_text(NO_FRONT.replace("certbot", "acme.sh"))
    assert [r["id"] for r in _runbooks(root, "acme.sh")] == ["certs/tls-rotate"]
    assert _runbooks(root, "certbot") == []
    path.unlink()
    assert "certs/tls-rotate" not in [r["id"] for r in _runbooks(root)]


def test_broken_front_matter_is_a_problem_not_a_crash(runbooks: Small) -> None:
    root, _ = runbooks
    (root / "runbooks" / "broken.md").write_text("---\ntitle: [unclosed\n---\n# Broken\n")
    ledger = open_ledger(root)
    assert "broken" not in [r["id"] for r in ledger.query("", kind="runbook")]
    [(path, error)] = ledger.index.problems()
    assert path == "runbooks/broken.md" and error.startswith("runbooks/broken.md:")


def test_runbooks_of_one_name_in_two_folders_stay_apart(tmp_path: Path) -> None:
    from opsledger.index.runbook import slug_of

    assert slug_of("runbooks/pg/failover.md") == "pg/failover"
    assert slug_of("runbooks/mysql/failover.md") == "mysql/failover"
    assert slug_of("runbooks/failover.md") == "failover"
