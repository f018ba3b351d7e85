"""``secret set/get`` end to end: envelope, binding, quiet diffs, commits, errors."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

from opsledger.crypto import age
from opsledger.crypto.envelope import ENC_RE
from opsledger.crypto.identities import load_identities
from tests.cli.conftest import Runner, commit_count, task_file
from tests.crypto.conftest import Keys, grep_tree, new_task, set_secret
from tests.helpers import git

PASSWORD = "s3cr3t-Hunter2-pg07"


def _payload(value: str, identity: Path) -> dict[str, object]:
    match = ENC_RE.fullmatch(value)
    assert match, value
    keys = age.parse_identities(identity.read_bytes(), str(identity))
    return json.loads(age.decrypt(base64.b64decode(match.group(2)), keys, "test"))


def _field(path: Path, key: str) -> str:
    match = re.search(rf"^\s*{key}: (\S+)$", path.read_text(), re.M)
    assert match, path.read_text()
    return match.group(1).strip('"')


def test_set_and_get_round_trip(secret_ledger: Path, keys: Keys, run: Runner) -> None:
    task_id = new_task(run)
    before = commit_count(secret_ledger)
    set_secret(run, task_id[2:6], "secrets.db_password", PASSWORD)
    assert commit_count(secret_ledger) == before + 1
    subject = git(secret_ledger, "log", "-1", "--format=%s%n%b")
    assert subject.startswith(f"secret({task_id}): set secrets.db_password")
    assert "Opsledger-Action: secret.set" in subject and f"Opsledger-Id: {task_id}" in subject
    path = task_file(secret_ledger, task_id)
    value = _field(path, "db_password")
    assert ENC_RE.fullmatch(value)
    # The documented envelope, readable by every recipient of the rule (team sre + bot ci).
    expected = {
        "v": 1,
        "at": task_id,
        "path": "secrets.db_password",
        "type": "str",
        "value": PASSWORD,
    }
    for identity in (keys.me, keys.olivia, keys.ci):
        assert _payload(value, identity) == expected
    result = run("secret", "get", task_id, "secrets.db_password")
    assert result.code == 0 and result.out == PASSWORD + "\n"
    shown = run("show", task_id, "--json")
    assert shown.code == 0 and PASSWORD not in shown.out  # show never decrypts
    assert ENC_RE.fullmatch(json.loads(shown.out)["secrets"]["db_password"])
    assert grep_tree(secret_ledger, PASSWORD) == []


def test_same_value_keeps_the_ciphertext(secret_ledger: Path, run: Runner) -> None:
    task_id = new_task(run)
    set_secret(run, task_id, "secrets.db_password", PASSWORD)
    path = task_file(secret_ledger, task_id)
    first = path.read_bytes()
    count = commit_count(secret_ledger)
    result = run("secret", "set", task_id, "secrets.db_password", input=PASSWORD + "\n")
    assert result.code == 0 and "unchanged" in result.err
    assert path.read_bytes() == first and commit_count(secret_ledger) == count
    set_secret(run, task_id, "secrets.db_password", PASSWORD + "-new")
    assert path.read_bytes() != first


def test_typed_values_and_other_files(
    secret_ledger: Path, keys: Keys, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    task_id = new_task(run)
    set_secret(run, task_id, "labels.port", "5432", "--type", "int")
    assert run("secret", "get", task_id, "labels.port").out == "5432\n"
    set_secret(run, "policies/notify.yaml", "channels.sre-slack.url", "https://hooks/x")
    notify = (secret_ledger / "policies" / "notify.yaml").read_text()
    assert notify.startswith("# where notifications go\n") and "hooks/x" not in notify
    monkeypatch.setenv("OPSLEDGER_AGE_IDENTITY", str(keys.olivia))  # policies/**: olivia only
    result = run("secret", "get", "policies/notify.yaml", "channels.sre-slack.url")
    assert result.out == "https://hooks/x\n"
    assert git(secret_ledger, "log", "-1", "--format=%s").startswith(
        "secret(policies/notify.yaml): set channels.sre-slack.url"
    )
    bad = run("secret", "set", task_id, "labels.port", "--type", "int", input="many\n")
    assert bad.code == 2 and "many" not in bad.err


def test_only_allowed_fields(secret_ledger: Path, run: Runner) -> None:
    task_id = new_task(run)
    result = run("secret", "set", task_id, "priority", input="high\n")
    assert result.code == 2 and "may not be encrypted" in result.err
    for field in ("x-vault.token", "description", "secrets.api", "labels.owner"):
        set_secret(run, task_id, field, "v-" + field)
        assert run("secret", "get", task_id, field).out == f"v-{field}\n"


def test_moved_ciphertext_fails_naming_both_places(secret_ledger: Path, run: Runner) -> None:
    first, second = new_task(run, "one"), new_task(run, "two")
    set_secret(run, first, "secrets.a", PASSWORD)
    set_secret(run, first, "secrets.b", "other")
    value = _field(task_file(secret_ledger, first), "a")
    # Same file, other field.
    path = task_file(secret_ledger, first)
    text = path.read_text()
    b_value = _field(path, "b")
    path.write_text(text.replace(b_value, value))
    result = run("secret", "get", first, "secrets.b")
    assert result.code == 1
    assert f"{first} secrets.b" in result.err and f"belongs to {first} secrets.a" in result.err
    # Another record.
    other = task_file(secret_ledger, second)
    other.write_text(other.read_text() + f"secrets:\n  a: {value}\n")
    result = run("secret", "get", second, "secrets.a")
    assert result.code == 1 and f"belongs to {first} secrets.a" in result.err
    assert PASSWORD not in result.err


def test_corrupted_and_truncated_name_the_field(secret_ledger: Path, run: Runner) -> None:
    task_id = new_task(run)
    set_secret(run, task_id, "secrets.db_password", PASSWORD)
    path = task_file(secret_ledger, task_id)
    good = _field(path, "db_password")
    text = path.read_text()
    body = good[len("ENC[age,v1,r=12345678,") : -1]
    raw = bytearray(base64.b64decode(body))
    raw[-5] ^= 0x01
    flipped = good.replace(body, base64.b64encode(bytes(raw)).decode())
    truncated = good.replace(body, base64.b64encode(bytes(raw[:-20])).decode())
    for broken in (flipped, truncated, good[:-30] + "]", good[:-1]):
        path.write_text(text.replace(good, broken))
        result = run("secret", "get", task_id, "secrets.db_password")
        assert result.code == 1, broken
        assert "secrets.db_password" in result.err
        assert re.search("corrupted|truncated", result.err), result.err


def test_no_identity_lists_the_recipients(
    secret_ledger: Path, keys: Keys, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_secret(run, "policies/notify.yaml", "channels.sre-slack.url", "https://hooks/y")
    result = run("secret", "get", "policies/notify.yaml", "channels.sre-slack.url")
    assert result.code == 1
    assert "none of your identities" in result.err and "recipients: olivia" in result.err
    monkeypatch.setenv("OPSLEDGER_AGE_IDENTITY", str(keys.olivia))
    assert run("secret", "get", "policies/notify.yaml", "channels.sre-slack.url").out == (
        "https://hooks/y\n"
    )
    # The literal key works too (CI secrets hold it in a variable).
    literal = keys.olivia.read_text().splitlines()[-1]
    monkeypatch.setenv("OPSLEDGER_AGE_IDENTITY", literal)
    assert run("secret", "get", "policies/notify.yaml", "channels.sre-slack.url").code == 0


def test_identity_readable_by_others_is_refused(
    secret_ledger: Path, keys: Keys, run: Runner
) -> None:
    task_id = new_task(run)
    set_secret(run, task_id, "secrets.a", PASSWORD)
    keys.me.chmod(0o644)
    result = run("secret", "get", task_id, "secrets.a")
    assert result.code == 1 and f"chmod 600 {keys.me}" in result.err
    keys.me.chmod(0o600)
    assert run("secret", "get", task_id, "secrets.a").code == 0
    assert load_identities({"HOME": "/nonexistent"}).keys == []
