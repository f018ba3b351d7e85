from __future__ import annotations

import pytest

from opsledger.model.errors import UsageError
from opsledger.shell.redact import Redactor, compile_rules


def redact(text: str, extra: tuple[str, ...] = ()) -> tuple[str, dict[str, str]]:
    redactor = Redactor(compile_rules(extra))
    return redactor.redact(text), redactor.keys


@pytest.mark.parametrize(
    ("text", "expected", "secret"),
    [
        ("PGPASSWORD=hunter2 psql -h db", "PGPASSWORD=[REDACTED:1] psql -h db", "hunter2"),
        ("MYSQL_PWD='s3 cr' mysql", "MYSQL_PWD='[REDACTED:1]' mysql", "s3 cr"),
        ("mysql -uroot -pTopSecret db", "mysql -uroot -p[REDACTED:1] db", "TopSecret"),
        ("tool --password=abc123 x", "tool --password=[REDACTED:1] x", "abc123"),
        ("vault login --token s.abcdef", "vault login --token [REDACTED:1]", "s.abcdef"),
        (
            "curl -H 'Authorization: Bearer eyJhbGciOi.xyz' https://api",
            "curl -H 'Authorization: Bearer [REDACTED:1]' https://api",
            "eyJhbGciOi.xyz",
        ),
        ("psql postgres://app:pw0rd@db/x", "psql postgres://app:[REDACTED:1]@db/x", "pw0rd"),
        (
            "export AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP",
            "export AWS_ACCESS_KEY_ID=[REDACTED:1]",
            "AKIAABCDEFGHIJKLMNOP",
        ),
    ],
)
def test_builtin_rules(text: str, expected: str, secret: str) -> None:
    out, keys = redact(text)
    assert out == expected
    assert keys == {secret: "1"}


def test_readable_parts_stay() -> None:
    for text in ["mkdir -p /srv/x", "cp -pr a b", "ssh -p 2222 host", "grep password file"]:
        assert redact(text) == (text, {})


def test_same_secret_same_key_and_private_keys() -> None:
    out, _keys = redact("A_TOKEN=x1 B_TOKEN=x1 C_TOKEN=y2")
    assert out == "A_TOKEN=[REDACTED:1] B_TOKEN=[REDACTED:1] C_TOKEN=[REDACTED:2]"
    block = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----"
    assert redact(f"cat <<EOF\n{block}\nEOF") == ("cat <<EOF\n[REDACTED:1]\nEOF", {block: "1"})


def test_extra_patterns_from_config() -> None:
    assert redact("deploy key=abc", (r"key=\S+",))[0] == "deploy key=[REDACTED:1]"
    assert redact("id 4242-x", (r"id (?P<secret>\d+)",))[0] == "id [REDACTED:1]-x"
    assert redact("ZZZsecret", ("ZZZ\\w+",))[0] == "[REDACTED:1]"
    with pytest.raises(UsageError, match="redact_patterns"):
        compile_rules(["("])


def test_redacted_map_with_and_without_encryption() -> None:
    redactor = Redactor(compile_rules())
    redactor.redact("PGPASSWORD=pw psql")
    assert redactor.redacted_map() == {"1": None}
    seen: list[tuple[str, str, str]] = []

    def encrypt(record: str, path: str, value: str) -> str:
        seen.append((record, path, value))
        return "ENC[test]"

    assert redactor.redacted_map(encrypt, "T-00000000", "commands[2]") == {"1": "ENC[test]"}
    assert seen == [("T-00000000", "commands[2].redacted.1", "pw")]


def test_markers_and_empty_values_are_left_alone() -> None:
    # Text redacted once (a re-import, a flushed spool) must not get a second key.
    for text in ["PGPASSWORD=[REDACTED:1] psql", "PGPASSWORD='' psql", "tool --token '' x"]:
        assert redact(text) == (text, {})
