"""Plaintext secrets in ledger text: key blocks, cloud keys, tokens, passwords in commands.

One combined regex runs over each file's whole text (comments included: a secret in a
comment leaks just the same), not over every parsed string, which keeps a whole-ledger
scan within the validator's budget. Hits inside ``ENC[…]`` values are ignored, and so
are placeholders (``$VAR``, ``${VAR}``, ``[REDACTED:k]``, ``***``, ``<password>``).
Findings never quote the secret.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from opsledger.crypto.envelope import ENC_RE, PREFIX

_PATTERNS: dict[str, str] = {
    "private_key": (
        r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|AGE-SECRET-KEY-1[0-9A-Z]{50,}"
    ),
    "aws_key": r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b",
    "gcp_key": r"\bAIza[0-9A-Za-z_\-]{35}\b",
    "github_token": r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})\b",
    "slack_token": r"\bxox[abposr]-[A-Za-z0-9-]{10,}",
    "stripe_key": r"\b[sr]k_live_[A-Za-z0-9]{20,}",
    "jwt": r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}",
    "bearer": r"(?i:\bbearer)\s+(?P<bearer>[A-Za-z0-9._~+/=-]{16,})",
    "password_flag": r"--password[= ](?P<flag>[^\s'\"\\]+)",
    "mysql_p": r"\b(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\n]*?\s-p(?P<mysql>[^\s'\"\\]+)",
    "env_password": (
        r"\b(?:PGPASSWORD|MYSQL_PWD|[A-Z_]*(?:PASSWORD|PASSWD|_TOKEN|_SECRET))"
        r"=(?P<env>[^\s'\"\\]+)"
    ),
    "url_userinfo": r"\b[a-z][a-z0-9+.-]*://[^/\s:@'\"]+:(?P<url>[^/\s@'\"]+)@",
}
_SCAN = re.compile("|".join(f"(?P<k_{name}>{rx})" for name, rx in _PATTERNS.items()))
_PLACEHOLDER = re.compile(r"^(?:\$|\[REDACTED|\*{3}|<[^>]*>$|%\(|\{\{|x{3,}$|\.\.\.)", re.I)
DESCRIPTIONS = {
    "private_key": "a private key block",
    "aws_key": "a cloud access key id",
    "gcp_key": "a cloud API key",
    "github_token": "an API token",
    "slack_token": "an API token",
    "stripe_key": "an API key",
    "jwt": "a bearer token (JWT)",
    "bearer": "a bearer token",
    "password_flag": "a password in --password=",
    "mysql_p": "a password in -p<password>",
    "env_password": "a password in a VAR= assignment",
    "url_userinfo": "a password in URL userinfo",
}
_VALUE_GROUPS = ("bearer", "flag", "mysql", "env", "url")


@dataclass(frozen=True)
class Hit:
    offset: int  # where the match starts in the text
    kind: str  # a key of DESCRIPTIONS

    @property
    def description(self) -> str:
        return DESCRIPTIONS[self.kind]


def scan(text: str) -> Iterator[Hit]:
    sealed = [m.span() for m in ENC_RE.finditer(text)] if PREFIX in text else []
    for match in _SCAN.finditer(text):
        if any(start <= match.start() < end for start, end in sealed):
            continue
        value = next((match.group(g) for g in _VALUE_GROUPS if match.group(g)), None)
        if value is not None and _PLACEHOLDER.match(value):
            continue
        kind = next(k[2:] for k, v in match.groupdict().items() if k.startswith("k_") and v)
        yield Hit(match.start(), kind)


def line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
