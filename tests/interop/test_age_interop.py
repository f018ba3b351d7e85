"""The real ``age`` CLI reads what we write and we read what it writes (DESIGN 3.6).

Both directions, for an x25519 recipient and for an ssh-ed25519 one, using exactly the
shell one-liners docs/security.md documents.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from opsledger.crypto.envelope import ENC_RE
from tests.cli.conftest import Runner, task_file
from tests.crypto import conftest as crypto_fixtures
from tests.crypto.conftest import Keys, new_task, set_secret
from tests.helpers import git, require_tool

# The secret ledger fixtures, shared with tests/crypto.
keys = crypto_fixtures.keys
ledger_dir = crypto_fixtures.ledger_dir
run = crypto_fixtures.run
secret_ledger = crypto_fixtures.secret_ledger

pytestmark = pytest.mark.interop
DOCS = Path(__file__).resolve().parents[2] / "docs" / "security.md"
# The documented one-liners, verbatim (a test below checks they are in the docs).
DECRYPT = (
    """printf '%s' "$VALUE" | sed -E 's/^ENC\\[age,v1,r=[0-9a-f]{8},(.*)\\]$/\\1/'"""
    """ | base64 -d | age -d -i "$KEY\""""
)
ENCRYPT = """printf '%s' "$ENVELOPE" | age -r "$RECIPIENT" | base64 -w0"""
SECRET = "pg-07 superuser: Tr0ub4dor&3 é"


def _sh(script: str, **env: str) -> str:
    proc = subprocess.run(
        ["bash", "-o", "pipefail", "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture
def ssh_key(isolated_home: Path) -> tuple[Path, str]:
    keygen = require_tool("ssh-keygen")
    ssh = isolated_home / ".ssh"
    ssh.mkdir(mode=0o700)
    private = ssh / "id_ed25519"
    subprocess.run([keygen, "-q", "-t", "ed25519", "-N", "", "-f", str(private)], check=True)
    return private, (ssh / "id_ed25519.pub").read_text().strip()


def _use_ssh_recipient(repo: Path, keys: Keys, public: str) -> None:
    """Make the operator's people.yaml key an ssh-ed25519 one and drop the age identity."""
    people = repo / "people.yaml"
    people.write_text(people.read_text().replace(keys.me_public, f'"{public}"'))
    git(repo, "commit", "-qam", "operator reads with ssh")
    keys.me.unlink()


@pytest.mark.parametrize("kind", ["x25519", "ssh-ed25519"])
def test_age_cli_decrypts_what_we_write(
    kind: str, secret_ledger: Path, keys: Keys, ssh_key: tuple[Path, str], run: Runner
) -> None:
    require_tool("age")
    key = keys.me
    if kind == "ssh-ed25519":
        _use_ssh_recipient(secret_ledger, keys, ssh_key[1])
        key = ssh_key[0]
    task_id = new_task(run)
    set_secret(run, task_id, "secrets.db_password", SECRET)
    value = ENC_RE.search(task_file(secret_ledger, task_id).read_text())
    assert value is not None
    out = _sh(DECRYPT, VALUE=value.group(0), KEY=str(key))
    assert out == json.dumps(
        {"v": 1, "at": task_id, "path": "secrets.db_password", "type": "str", "value": SECRET},
        ensure_ascii=False,
        separators=(",", ":"),
    )


@pytest.mark.parametrize("kind", ["x25519", "ssh-ed25519"])
def test_we_read_what_the_age_cli_writes(
    kind: str, secret_ledger: Path, keys: Keys, ssh_key: tuple[Path, str], run: Runner
) -> None:
    require_tool("age")
    recipient = keys.me_public
    if kind == "ssh-ed25519":
        _use_ssh_recipient(secret_ledger, keys, ssh_key[1])
        recipient = ssh_key[1]
    task_id = new_task(run)
    envelope = json.dumps(
        {"v": 1, "at": task_id, "path": "secrets.db_password", "type": "str", "value": SECRET}
    )
    payload = _sh(ENCRYPT, ENVELOPE=envelope, RECIPIENT=recipient).strip()
    path = task_file(secret_ledger, task_id)
    path.write_text(
        path.read_text() + f"secrets:\n  db_password: ENC[age,v1,r=00000000,{payload}]\n"
    )
    result = run("secret", "get", task_id, "secrets.db_password")
    assert result.code == 0, result.err
    assert result.out == SECRET + "\n"
    # Bound to its place even when someone else made it.
    path.write_text(path.read_text().replace("db_password:", "other:"))
    result = run("secret", "get", task_id, "secrets.other")
    assert result.code == 1 and "belongs to" in result.err


def test_passphrase_protected_ssh_key_is_refused_with_advice(
    secret_ledger: Path, keys: Keys, run: Runner, isolated_home: Path
) -> None:
    keygen = require_tool("ssh-keygen")
    task_id = new_task(run)
    set_secret(run, task_id, "secrets.a", SECRET)
    ssh = isolated_home / ".ssh"
    ssh.mkdir(mode=0o700)
    subprocess.run(
        [keygen, "-q", "-t", "ed25519", "-N", "pass phrase", "-f", str(ssh / "id_ed25519")],
        check=True,
    )
    keys.me.unlink()
    result = run("secret", "get", task_id, "secrets.a")
    assert result.code == 1
    assert "passphrase-protected" in result.err and "secret keygen" in result.err


def test_the_one_liners_are_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert DECRYPT in text and ENCRYPT in text
    assert re.search(r"ENC\[age,v1,r=", text)
