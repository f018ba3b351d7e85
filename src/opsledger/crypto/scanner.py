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


# ``scan`` tries its dozen patterns at every character (~4 MB/s: 19 s on the reference
# corpus). Every pattern holds one of these literals at a known distance from where its
# match can start, so a few literal searches find the places worth trying it at. Each
# regex starts with one literal character: the engine then skips ahead at memchr speed,
# several times faster than one alternation of them all.
# Keep in step with ``_PATTERNS``: tests compare ``scan`` with ``scan_everywhere``.
_CASELESS_EARER = "[Ee][Aa][Rr][Ee][Rr]"
_AT, _ONE_BEFORE, _TWO_BEFORE, _UPPER_RUN, _SCHEME_RUN = range(5)
_TRIGGERS = [
    (re.compile(pattern), where)
    for pattern, where in (
        ("A(?:KIA|SIA|GPA|IDA|ROA|Iza|GE-SECRET-KEY-1)", _AT),
        ("-(?:----BEGIN |-password)", _AT),
        ("g(?:h[pousr]_|ithub_pat_)", _AT),
        ("xox", _AT),
        (f"b{_CASELESS_EARER}", _AT),
        (f"B{_CASELESS_EARER}", _AT),
        ("k_live_", _ONE_BEFORE),  # [sr]k_live_
        ("y(?:J|sql)", _ONE_BEFORE),  # eyJ, mysql
        ("riadb", _TWO_BEFORE),  # mariadb
        ("PASSW", _UPPER_RUN),  # anywhere in the run of [A-Z_] around it
        ("_(?:TOKEN|SECRET)", _UPPER_RUN),
        ("MYSQL_PWD", _UPPER_RUN),
        ("://", _SCHEME_RUN),  # anywhere in the run of scheme characters before it
    )
]
_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_SCHEME = frozenset("abcdefghijklmnopqrstuvwxyz0123456789+.-")


def _starts(text: str) -> list[int]:
    """Every offset where a ``scanner`` pattern may match (and a few more)."""
    out: set[int] = set()
    for pattern, where in _TRIGGERS:
        search = pattern.search
        trigger = search(text)
        while trigger is not None:
            at, end = trigger.span()
            # Triggers may overlap ("AKIAGE-SECRET-KEY-1…"): look again one character on.
            trigger = search(text, at + 1)
            if where <= _TWO_BEFORE:
                out.add(at - where)
            elif where == _UPPER_RUN:
                while at > 0 and text[at - 1] in _UPPER:
                    at -= 1
                while end < len(text) and text[end] in _UPPER:
                    end += 1
                out.update(range(at, end))
            else:
                first = at
                while first > 0 and text[first - 1] in _SCHEME:
                    first -= 1
                out.update(range(first, at))
    return sorted(out)


def _hits(text: str, matches: Iterator[re.Match[str] | None]) -> Iterator[Hit]:
    sealed = [m.span() for m in ENC_RE.finditer(text)] if PREFIX in text else []
    for match in matches:
        if match is None:
            continue
        if any(start <= match.start() < end for start, end in sealed):
            continue
        value = next((match.group(g) for g in _VALUE_GROUPS if match.group(g)), None)
        if value is not None and _PLACEHOLDER.match(value):
            continue
        kind = next(k[2:] for k, v in match.groupdict().items() if k.startswith("k_") and v)
        yield Hit(match.start(), kind)


def scan_everywhere(text: str) -> Iterator[Hit]:
    """The reference: every pattern tried at every character (what ``scan`` must equal)."""
    return _hits(text, _SCAN.finditer(text))


def scan(text: str) -> Iterator[Hit]:
    """The hits of ``scan_everywhere``, trying the patterns only where a literal they hold
    says they can match, in order and without overlaps, as ``finditer`` would."""

    def matches() -> Iterator[re.Match[str] | None]:
        done = 0
        for start in _starts(text):
            if start < done or start < 0:
                continue
            match = _SCAN.match(text, start)
            if match is not None:
                done = match.end()
            yield match

    return _hits(text, matches())


def line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
