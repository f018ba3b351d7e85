"""Fast paths inside feature checks give exactly what the slow, obvious code gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsledger.crypto.scanner import scan, scan_everywhere

KEY20 = "AKIAIOSFODNN7EXAMPLE"
SAMPLES = [
    "",
    f"aws: {KEY20}\n",
    f"x{KEY20} {KEY20}x ASIA{'B' * 16} AGPA{'C' * 16}-",
    "AKIAGE-SECRET-KEY-1" + "Q" * 55,  # triggers overlap
    "AGE-SECRET-KEY-1" + "Q" * 49,  # one character short
    "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----BEGIN RSA PRIVATE KEY BLOCK-----",
    "--- -----BEGIN PUBLIC KEY-----",
    "key: AIza" + "a" * 35 + " AIza" + "b" * 34,
    "ghp_" + "a" * 36 + " xghp_" + "b" * 36 + " github_pat_" + "c" * 60,
    "xoxb-1234567890-abc xoxq-1234567890",
    "sk_live_" + "a" * 20 + " rk_live_" + "b" * 20 + " tk_live_" + "c" * 20,
    "eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.SflKxwRJSMeKKF2QT4",
    "Authorization: Bearer abcdefghijklmnop1234\nbEaReR\n  abcdefghijklmnopqrst",
    "bearer $TOKEN_VALUE_FROM_ENV bearer [REDACTED:1] bearer ***",
    "mysql -u root -psecret123 db; mysqldump -pabc; mariadb\n-pnewline; mysql -p$PW",
    "echo x; MYSQL_PWD=hunter2 PGPASSWORD=s3cret API_TOKEN=t0k MY_SECRET=v X=PASSWORD=y",
    "DB_PASSWORD=${PW} DB_PASSWD=<password> A_TOKEN=xxx A_SECRET=%(pw)s B_TOKEN={{ t }}",
    "curl https://user:pa55@host/ postgres://u:p@db:5432/x git+ssh://a:b@c ://x:y@z",
    "see https://example.com/a:b@c and ftp://anon@host",
    "--password=abc --password x --password=$PW",
    "value: ENC[age,v1,r=1a2b3c4d,QUtJQUlPU0ZPRE5ON0VYQU1QTEU=] AKIAIOSFODNN7EXAMPLF",
    f"value: ENC[age,v1,r=1a2b3c4d,{KEY20}] {KEY20}",
    "é😀 AKIA" + "Z" * 16 + " ünïcode://u:p@h",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_the_scan_equals_trying_every_character(text: str) -> None:
    assert list(scan(text)) == list(scan_everywhere(text))


def test_the_samples_reach_every_pattern() -> None:
    kinds = {hit.kind for text in SAMPLES for hit in scan(text)}
    from opsledger.crypto.scanner import DESCRIPTIONS

    assert kinds == set(DESCRIPTIONS)


FRAGMENTS = [
    "AKIA",
    "ASIA",
    "AIza",
    "AGE-SECRET-KEY-1",
    "-----BEGIN ",
    "PRIVATE KEY",
    "-----",
    "ghp_",
    "github_pat_",
    "xoxb-",
    "sk_live_",
    "eyJ",
    ".",
    "Bearer ",
    "bEARER\n",
    "--password=",
    "mysql ",
    "mariadb",
    " -p",
    "PGPASSWORD=",
    "MYSQL_PWD=",
    "_TOKEN=",
    "_SECRET",
    "PASSWD",
    "https://",
    "u:",
    "@",
    "ENC[age,v1,r=1a2b3c4d,",
    "]",
    "$",
    "***",
    "[REDACTED:1]",
    " ",
    "\n",
    "'",
    "A",
    "Z9",
    "abcdefghijklmnop",
    "QRSTUVWXYZ012345",
]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30))
def test_the_scan_equals_trying_every_character_on_generated_text(parts: list[str]) -> None:
    text = "".join(parts)
    assert list(scan(text)) == list(scan_everywhere(text))


# --- the window checks: OL406 with globs resolved by index -----------------------------

COMPONENTS = [
    "aws/eu-west-1/prod/db/pg-07",
    "aws/eu-west-1/prod/db/pg-08",
    "aws/eu-west-1/prod/k8s/node-1",
    "aws/eu-central-1/prod/db/pg-01",
    "hetzner/fsn1/prod/db/pg-02",
    "onprem/dc1/net/core-sw-1",
    "onprem/dc1/prod/mysql/my-1",
    "x",
]
GLOB_PARTS = st.sampled_from(
    ["aws", "onprem", "eu-west-1", "prod", "db", "mysql", "pg-0?", "pg-*", "*", "**", "x"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(GLOB_PARTS, min_size=1, max_size=6))
def test_indexed_resolve_matches_resolve(parts: list[str]) -> None:
    from opsledger.model.components import resolve
    from opsledger.schedule.links import ComponentIndex

    ref = "/".join(parts)
    assert ComponentIndex(COMPONENTS).resolve(ref) == resolve(ref, COMPONENTS)
