"""Push with rebase, crash leftovers, the key cache: the git-facing parts."""

from __future__ import annotations

from pathlib import Path

import pytest

from opsledger.alerts.keyindex import KeyIndex
from opsledger.alerts.push import push
from opsledger.alerts.recovery import restore_leftovers
from opsledger.ledger import Ledger
from opsledger.model.errors import GitError
from tests.alerts.conftest import am_alert, am_payload
from tests.helpers import git


def clone(origin: Path, folder: Path) -> Path:
    git(folder.parent, "clone", "-q", str(origin), str(folder))
    git(folder, "config", "user.email", "operator@example.com")
    git(folder, "config", "user.name", "Op")
    return folder


def test_push_rebases_on_a_concurrent_push(alert_ledger: Path, tmp_path: Path) -> None:
    origin = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(alert_ledger), str(origin))
    first, second = clone(origin, tmp_path / "a"), clone(origin, tmp_path / "b")
    Ledger.open(first).alerts.ingest(am_payload(am_alert("Other")))
    assert push(Ledger.open(first).ws) == 0
    ours = Ledger.open(second)
    ours.alerts.ingest(am_payload(am_alert("Second")))
    assert push(ours.ws) == 1  # rejected once, rebased, pushed
    log = git(origin, "log", "--format=%s", "main")
    assert log.count("alert(batch)") == 2
    with pytest.raises(GitError, match="git push failed"):
        push(ours.ws, remote="nowhere")


def test_crash_leftovers_are_put_back(alert_ledger: Path) -> None:
    ledger = Ledger.open(alert_ledger)
    [kept] = ledger.alerts.ingest(am_payload(am_alert("Other"))).created
    path = alert_ledger / "tasks" / f"{kept}.yaml"
    committed = path.read_text()
    path.write_text(committed.replace("occurrences: 1", "occurrences: 2"))  # uncommitted edit
    orphan = alert_ledger / "tasks" / "T-0000abcd.yaml"
    orphan.write_text("id: T-0000abcd\ntitle: x\nsource:\n  adapter: a\n")
    human = alert_ledger / "tasks" / "T-0000abce.yaml"
    human.write_text("id: T-0000abce\ntitle: mine\n")
    temp = alert_ledger / "tasks" / ".T-0000abcd.yaml.123.tmp"
    temp.write_text("torn")
    restored = restore_leftovers(ledger.ws)
    assert sorted(restored) == ["tasks/T-0000abcd.yaml", f"tasks/{kept}.yaml"]
    assert path.read_text() == committed and not orphan.exists() and not temp.exists()
    assert human.exists()  # not alert-born: never touched


def test_key_index_cache_follows_the_tasks_folder(alert_ledger: Path) -> None:
    ledger = Ledger.open(alert_ledger)
    [task_id] = ledger.alerts.ingest(am_payload(am_alert("Other"))).created
    index = KeyIndex(ledger.ws)
    assert index.get("alertmanager.fp-Other") == task_id
    assert index.file.exists()
    (alert_ledger / "tasks" / f"{task_id}.yaml").unlink()  # someone else's change
    assert KeyIndex(ledger.ws).get("alertmanager.fp-Other") is None
    index.file.write_text("not json")
    assert KeyIndex(ledger.ws).keys == {}
