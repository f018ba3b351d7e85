"""``opsledger edit`` on a record with secrets: private temp dir, quiet re-encryption."""

from __future__ import annotations

import os
import re
import stat
import subprocess
from pathlib import Path

import pytest

from opsledger.crypto.scratch import private_dir, purge_leftovers, scratch_root
from tests.cli.conftest import Runner, commit_count, task_file
from tests.crypto.conftest import grep_tree, new_task, set_secret
from tests.helpers import git

PASSWORD = "edit-me-Pa55word-xyz"


def _editor(tmp_path: Path, script: str) -> str:
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\n" + script)
    editor.chmod(0o755)
    return str(editor)


@pytest.fixture
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "runtime"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    return folder


def test_edit_shows_plaintext_and_keeps_unchanged_ciphertexts(
    secret_ledger: Path,
    run: Runner,
    tmp_path: Path,
    runtime: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    task_id = new_task(run)
    set_secret(run, task_id, "secrets.db_password", PASSWORD)
    set_secret(run, task_id, "secrets.api_token", "tok-unchanged-123")
    path = task_file(secret_ledger, task_id)
    before = path.read_text()
    token_ct = re.search(r"api_token: (\S+)", before).group(1)  # type: ignore[union-attr]
    seen = tmp_path / "seen.txt"
    # The editor records what it was shown and where, then changes one secret.
    script = (
        f'cp "$1" {seen}; stat -c %a "$(dirname "$1")" >> {seen};'
        f" sed -i 's/{PASSWORD}/new-{PASSWORD}/' \"$1\"\n"
    )
    monkeypatch.setenv("EDITOR", _editor(tmp_path, script))
    result = run("edit", task_id)
    assert result.code == 0, result.err
    shown = seen.read_text()
    assert f"db_password: {PASSWORD}" in shown and shown.rstrip().endswith("700")
    seen.unlink()
    after = path.read_text()
    assert token_ct in after  # unchanged value: byte for byte
    assert PASSWORD not in after
    assert run("secret", "get", task_id, "secrets.db_password").out == f"new-{PASSWORD}\n"
    assert list(scratch_root(os.environ).iterdir()) == []
    assert grep_tree(secret_ledger, PASSWORD) == [] and grep_tree(runtime, PASSWORD) == []
    assert git(secret_ledger, "log", "-1", "--format=%s").startswith(f"task({task_id}): edit")


def test_new_plain_secret_is_encrypted_and_invalid_file_refused(
    secret_ledger: Path,
    run: Runner,
    tmp_path: Path,
    runtime: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    task_id = new_task(run)
    set_secret(run, task_id, "secrets.a", PASSWORD)
    path = task_file(secret_ledger, task_id)
    before = path.read_bytes()
    monkeypatch.setenv(
        "EDITOR", _editor(tmp_path, "sed -i 's/^priority: medium/priority: urgent/' \"$1\"\n")
    )
    result = run("edit", task_id)
    assert result.code == 1 and "priority" in result.err and PASSWORD not in result.err
    assert path.read_bytes() == before
    assert list(scratch_root(os.environ).iterdir()) == []
    monkeypatch.setenv(
        "EDITOR", _editor(tmp_path, "sed -i 's/^  a: .*$/&\\n  b: typed-in-plain/' \"$1\"\n")
    )
    assert run("edit", task_id).code == 0
    text = path.read_text()
    assert "typed-in-plain" not in text and re.search(r"^  b: ENC\[age,v1,", text, re.M)
    assert run("secret", "get", task_id, "secrets.b").out == "typed-in-plain\n"


def test_unchanged_edit_and_plain_task(
    secret_ledger: Path,
    run: Runner,
    tmp_path: Path,
    runtime: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    task_id = new_task(run)
    set_secret(run, task_id, "secrets.a", PASSWORD)
    monkeypatch.setenv("EDITOR", _editor(tmp_path, "true\n"))
    before = task_file(secret_ledger, task_id).read_bytes()
    commits = commit_count(secret_ledger)
    assert "no changes" in run("edit", task_id).err
    # Not re-encrypted (age ciphertexts are randomised) and nothing committed.
    assert task_file(secret_ledger, task_id).read_bytes() == before
    assert commit_count(secret_ledger) == commits


def test_leftovers_of_a_killed_run_are_purged(runtime: Path) -> None:
    env = {"XDG_RUNTIME_DIR": str(runtime)}
    root = scratch_root(env)
    dead = subprocess.Popen(["true"])
    dead.wait()
    root.mkdir(mode=0o700)
    stale = root / f"edit-{dead.pid}-abc123"
    stale.mkdir()
    (stale / "T-x.yaml").write_text(PASSWORD)
    alive = root / f"edit-{os.getppid()}-def456"
    alive.mkdir()
    folder = private_dir(env)
    assert not stale.exists() and alive.exists()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert purge_leftovers(root) == []


def test_edit_killed_by_sigterm_removes_its_folder(
    secret_ledger: Path, run: Runner, tmp_path: Path, runtime: Path
) -> None:
    task_id = new_task(run)
    set_secret(run, task_id, "secrets.a", PASSWORD)
    # The editor kills its parent (opsledger) with SIGTERM, as a closing terminal would.
    editor = _editor(tmp_path, 'kill -TERM "$PPID"; sleep 1\n')
    env = {**os.environ, "EDITOR": editor, "XDG_RUNTIME_DIR": str(runtime)}
    proc = subprocess.run(
        [str(Path(__file__).resolve().parents[2] / ".venv" / "bin" / "opsledger"), "edit", task_id],
        cwd=secret_ledger,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 128 + 15, proc.stderr  # our handler ran: SystemExit(143)
    assert list(scratch_root(env).iterdir()) == []
    assert grep_tree(runtime, PASSWORD) == []
