"""Features wired together in ledger.py: secrets in recorded commands are sealed."""

from __future__ import annotations

from pathlib import Path

from opsledger.ledger import Ledger
from tests.cli.conftest import Runner
from tests.crypto.conftest import new_task
from tests.helpers import git


def test_a_password_in_a_command_is_encrypted_for_the_tasks_readers(
    secret_ledger: Path, run: Runner
) -> None:
    task_id = new_task(run)
    ledger = Ledger.open(secret_ledger)
    entry = ledger.commands.add(task_id, "PGPASSWORD=hunter2 psql -h pg-07 -c 'select 1'", exit=0)
    assert entry["cmd"].startswith("PGPASSWORD=[REDACTED:1] psql")
    sealed = entry["redacted"]["1"]
    assert sealed.startswith("ENC[age,v1,r=")
    assert ledger.secrets.get(task_id, "commands[0].redacted.1") == "hunter2"
    text = (secret_ledger / "tasks" / f"{task_id}.yaml").read_text()
    assert "hunter2" not in text
    assert "hunter2" not in git(secret_ledger, "log", "-p", "--all")


def test_without_encryption_rules_the_secret_is_dropped(ledger_dir: Path, run: Runner) -> None:
    task_id = new_task(run)
    entry = Ledger.open(ledger_dir).commands.add(task_id, "mysql -psecretpw -h db1", exit=0)
    assert "secretpw" not in entry["cmd"]
    assert list(entry["redacted"].values()) == [None]
