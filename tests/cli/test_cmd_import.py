from __future__ import annotations

from pathlib import Path

from opsledger.model.task import Task
from opsledger.store.fastload import load_fast
from tests.cli.conftest import Runner, commit_count, created_id, task_file
from tests.helpers import git

# 2026-11-20T09:00:00Z = 1795165200
BASH = b"#1795165200\ndf -h\n#1795165260\nfor d in a b; do\n  du -sh $d\ndone\n#1795168800\nls\n"
ZSH = b": 1795165200:3;pg_dump db > x\n: 1795165300:0;echo a\\\nb\n"
FISH = b"- cmd: mysql -uroot -pS3cret db\n  when: 1795165200\n  paths:\n    - db\n"


def entries(repo: Path, task_id: str) -> list[dict[str, object]]:
    data = load_fast(task_file(repo, task_id).read_text(encoding="utf-8"), "t")
    Task.model_validate(data)
    return data.get("commands", [])


def test_import_each_format_in_one_commit(ledger_dir: Path, run: Runner, tmp_path: Path) -> None:
    task_id = created_id(run("task", "new", "imports"))
    for shell, data in (("bash", BASH), ("zsh", ZSH), ("fish", FISH)):
        (tmp_path / shell).write_bytes(data)
    before = commit_count(ledger_dir)
    result = run("cmd", "import", task_id, "--shell", "bash", "--file", str(tmp_path / "bash"),
                 "--until", "2026-11-20T10:30")  # fmt: skip
    assert result.code == 0, result.err
    assert commit_count(ledger_dir) == before + 1
    assert "import 2 commands from bash history" in git(ledger_dir, "log", "-1", "--format=%s")
    assert [(e["at"], e["cmd"]) for e in entries(ledger_dir, task_id)] == [
        ("2026-11-20T10:00:00+01:00", "df -h"),
        ("2026-11-20T10:01:00+01:00", "for d in a b; do\n  du -sh $d\ndone"),
    ]
    assert run("cmd", "import", task_id, "--shell", "zsh", "--file", str(tmp_path / "zsh"),
               "--grep", "echo").code == 0  # fmt: skip
    assert run("cmd", "import", task_id, "--shell", "fish", "--file", str(tmp_path / "fish"),
               "--since", "2026-11-20").code == 0  # fmt: skip
    got = entries(ledger_dir, task_id)
    assert [e["cmd"] for e in got[2:]] == ["echo a\nb", "mysql -uroot -p[REDACTED:1] db"]
    assert got[2]["duration"] == 0.0
    assert got[3]["redacted"] == {"1": None}


def test_reimport_adds_nothing_and_errors(ledger_dir: Path, run: Runner, tmp_path: Path) -> None:
    task_id = created_id(run("task", "new", "imports"))
    history = tmp_path / "h"
    history.write_bytes(b"untimed\n" + BASH)
    assert run("cmd", "import", task_id, "--shell", "bash", "--file", str(history)).code == 0
    count = commit_count(ledger_dir)
    assert run("cmd", "import", task_id, "--shell", "bash", "--file", str(history)).code == 0
    assert commit_count(ledger_dir) == count
    assert len(entries(ledger_dir, task_id)) == 4
    missing = run("cmd", "import", task_id, "--shell", "bash", "--file", str(tmp_path / "no"))
    assert missing.code == 1
    bad = run("cmd", "import", task_id, "--shell", "bash", "--file", str(history), "--grep", "(")
    assert bad.code == 2


def test_default_history_file_comes_from_the_environment(
    ledger_dir: Path, run: Runner, tmp_path: Path, monkeypatch: object
) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    task_id = created_id(run("task", "new", "imports"))
    (tmp_path / "zdot").mkdir()
    (tmp_path / "zdot" / ".zsh_history").write_bytes(ZSH)
    monkeypatch.setenv("ZDOTDIR", str(tmp_path / "zdot"))
    monkeypatch.delenv("HISTFILE", raising=False)
    assert run("cmd", "import", task_id, "--shell", "zsh").code == 0
    assert len(entries(ledger_dir, task_id)) == 2
