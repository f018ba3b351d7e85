"""Pieces: field paths, allowed fields, envelope, recipients, keygen, scanner, checks."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from opsledger.crypto import age
from opsledger.crypto.envelope import open_payload, parse_value, seal_payload
from opsledger.crypto.errors import BindingError, SecretError
from opsledger.crypto.fieldpath import format_path, is_secret_field, may_encrypt, parse_path
from opsledger.crypto.keygen import create_identity
from opsledger.crypto.recipients import Rules, fingerprint
from opsledger.crypto.scanner import scan
from opsledger.model.errors import UsageError


def test_field_paths() -> None:
    assert parse_path("commands[3].redacted.1") == ("commands", 3, "redacted", "1")
    assert format_path(("commands", 3, "redacted", "1")) == "commands[3].redacted.1"
    assert parse_path("channels.sre-slack.url") == ("channels", "sre-slack", "url")
    with pytest.raises(UsageError):
        parse_path("a..b[")


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("secrets.db", True),
        ("labels.team", True),
        ("x-vault.key", True),
        ("commands[0].redacted.1", True),
        ("description", True),
        ("time[1].note", True),
        ("priority", False),
        ("id", False),
        ("components[0]", False),
        ("sla.policy", False),
        ("channels.a.url", False),
        ("db.password", True),
    ],
)
def test_may_encrypt(path: str, allowed: bool) -> None:
    fields = ["**.password"]
    assert may_encrypt(parse_path(path), "tasks/T-x.yaml", fields) is allowed


def test_secret_field_patterns() -> None:
    patterns = ["policies/notify.yaml:channels.*.url"]
    assert is_secret_field(("channels", "sre", "url"), "policies/notify.yaml", patterns)
    assert not is_secret_field(("channels", "sre", "url"), "policies/other.yaml", patterns)
    assert not is_secret_field(("channels", "url"), "policies/notify.yaml", patterns)


def test_envelope_binding_and_types() -> None:
    for value in ("text", 5, 2.5, True, ""):
        payload = seal_payload("T-abcdefgh", "secrets.a", value)
        back = open_payload(payload, "T-abcdefgh", "secrets.a")
        assert back == value and type(back) is type(value)
    assert seal_payload("p.yaml", "a", 1).decode() == (
        '{"v":1,"at":"p.yaml","path":"a","type":"int","value":1}'
    )
    with pytest.raises(BindingError, match=r"belongs to T-abcdefgh secrets\.a"):
        open_payload(seal_payload("T-abcdefgh", "secrets.a", "x"), "T-abcdefgh", "secrets.b")
    with pytest.raises(SecretError, match="not an opsledger envelope"):
        open_payload(b"hello", "a", "b")
    with pytest.raises(SecretError):
        seal_payload("a", "b", [1])  # type: ignore[arg-type]
    with pytest.raises(SecretError, match=r"secrets\.a.*truncated"):
        parse_value("ENC[age,v1,r=00000000,YWdl", "secrets.a")
    with pytest.raises(SecretError, match="not an age file"):
        parse_value("ENC[age,v1,r=00000000,aGVsbG8=]", "x")


def test_rules_and_fingerprints() -> None:
    _, k1 = age.generate()
    _, k2 = age.generate()
    ssh = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAGyRs4OD2gIwo8BRqU4w6RbF31PFwQFZTf8iNarjjZ"
    people = {
        "people": {
            "a": {"teams": ["sre"], "age": k1},
            "b": {"teams": ["sre"], "age": [ssh]},
            "c": {"teams": ["sre"]},
        },
        "bots": {"ci": {"age": k2}},
    }
    config = {
        "encryption": {
            "rules": [
                {"path": "changes/**", "recipients": ["bot:ci", "person:a"]},
                {"path": "**", "recipients": ["team:sre"]},
            ]
        }
    }
    rules = Rules(config, people)
    assert rules.for_path("changes/CHG-1.md").holders() == ["a", "bot:ci"]
    sre = rules.for_path("tasks/2026/T-x.yaml")
    assert sre.holders() == ["a", "b"]
    assert sre.fingerprint == fingerprint([k1, ssh + " comment"])
    assert sre.fingerprint != fingerprint([k1])
    with pytest.raises(SecretError, match="no encryption rule"):
        Rules({}, people).for_path("x.yaml")
    with pytest.raises(SecretError, match=r"not in people\.yaml"):
        Rules(
            {"encryption": {"rules": [{"path": "**", "recipients": ["bot:x"]}]}}, people
        ).for_path("x")
    with pytest.raises(SecretError):
        age.normalize_recipient("ssh-dss AAAA")


def test_keygen_is_private_and_never_overwrites(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    path, public = create_identity(env)
    assert path == tmp_path / "cfg" / "opsledger" / "identity.txt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    keys = age.parse_identities(path.read_bytes(), str(path))
    assert age.public_of(keys[0]) == public and f"# public key: {public}" in path.read_text()
    before = path.read_bytes()
    with pytest.raises(SecretError, match="already exists"):
        create_identity(env)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("PGPASSWORD=hunter2 psql -h pg-07", "env_password"),
        ("mysql -u root -pS3cret shop", "mysql_p"),
        ("curl https://admin:pa55@db.example.com/", "url_userinfo"),
        ("aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE", "aws_key"),
        ("curl -H 'Authorization: Bearer abcdefghijklmnopqrstuvwx'", "bearer"),
        ("pg_dump --password=hunter2", "password_flag"),
        ("-----BEGIN RSA PRIVATE KEY-----", "private_key"),
    ],
)
def test_scanner_finds(text: str, kind: str) -> None:
    assert [h.kind for h in scan(text)] == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "PGPASSWORD=[REDACTED:1] psql",
        "mkdir -p /srv/x",
        "ssh -p 2222 host",
        "curl https://$USER:$PASS@x/",
        "pg_dump --password=$PW",
        "mysql -p shop",
        "secrets: {a: ENC[age,v1,r=00000000,QUtJQUlPU0ZPRE5ON0VYQU1QTEU=]}",
    ],
)
def test_scanner_ignores(text: str) -> None:
    assert list(scan(text)) == []


def test_checks_on_a_ledger(secret_ledger: Path, run: object) -> None:
    from tests.cli.conftest import Runner

    runner: Runner = run  # type: ignore[assignment]
    result = runner("validate", "--format", "json")
    assert "OL301" in result.out  # the notify url is a secret field holding plaintext
    task = secret_ledger / "tasks"
    task.mkdir(exist_ok=True)
    from tests.crypto.conftest import new_task

    task_id = new_task(runner)
    path = task / f"{task_id}.yaml"
    path.write_text(
        path.read_text().replace("priority: medium", "priority: ENC[age,v1,r=00000000,YWdl]")
        + "x-note: 'PGPASSWORD=hunter2 psql'\n"
    )
    out = runner("validate", "--format", "json").out
    assert all(check in out for check in ("OL302", "OL304", "OL305")), out
    assert "hunter2" not in out


def test_secret_scan_for_the_hook(secret_ledger: Path, run: object) -> None:
    from tests.cli.conftest import Runner

    runner: Runner = run  # type: ignore[assignment]
    leak = secret_ledger / "tasks" / "leak.yaml"
    leak.parent.mkdir(exist_ok=True)
    leak.write_text("x-cmd: 'mysql -u root -pHunter22 shop'\n")
    clean = secret_ledger / "inventory.yaml"
    result = runner("secret", "scan", str(leak), str(clean))
    assert result.code == 1
    assert "tasks/leak.yaml:1:" in result.out and "OL302" in result.out
    assert "Hunter22" not in result.out + result.err
    assert runner("secret", "scan", str(clean)).code == 0
    config = secret_ledger / "opsledger.yaml"
    config.write_text(config.read_text().replace("checks: {}", "checks: {OL302: warning}"))
    assert "checks: {OL302: warning}" in config.read_text()
    assert runner("secret", "scan", str(leak)).code == 0


def test_keygen_command(isolated_home: Path, run: object, tmp_path: Path) -> None:
    from tests.cli.conftest import Runner

    runner: Runner = run  # type: ignore[assignment]
    result = runner("secret", "keygen")
    assert result.code == 0 and result.out.startswith("age: age1")
    path = isolated_home / ".config" / "opsledger" / "identity.txt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert result.out.split()[1] in path.read_text()
    assert runner("secret", "keygen").code == 1
    assert runner("secret", "keygen", "-o", str(tmp_path / "ci.txt")).code == 0
