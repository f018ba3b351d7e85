"""Secrets in command text and output become ``[REDACTED:k]`` before anything is written.

The entry's ``redacted`` map holds ``k → encrypted value``. Encryption belongs to the
secrets feature: callers pass ``encrypt(record_id, keypath, plaintext)`` once it exists;
without it (or without recipients) the value is null and the secret is simply gone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from opsledger.model.errors import UsageError

Encrypt = Callable[[str, str, str], str]  # (record id, key path, plaintext) → ENC[...]

_VALUE = r"""('[^']*'|"[^"]*"|[^\s'";|&]+)"""
_SECRET_NAMES = r"[A-Za-z0-9_]*(?:PASSWORD|PASSWD|PASS|PWD|SECRET|TOKEN|API_KEY|APIKEY|PRIVATE_KEY)"
# Each rule marks the secret itself as the group named ``secret``: the rest stays readable.
# The words beside a rule are cheap substring tests (on the lowercased text) that must
# hit before the regex runs: outputs can be gigabytes, most of it free of any secret.
BUILTIN_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (rf"(?<![\w-])(?:{_SECRET_NAMES}|MYSQL_PWD|PGPASSWORD|AWS_SECRET_ACCESS_KEY)=(?P<secret>{_VALUE[1:-1]})",
     ("pass", "pwd", "secret", "token", "key")),
    (rf"(?i)--(?:password|passwd|pass|token|secret|api-key|apikey|access-key|secret-key)(?:=|\s+)(?P<secret>{_VALUE[1:-1]})",
     ("--",)),
    (r"(?:mysql|mariadb|mysqldump|mariadb-dump|mysqladmin|mariadb-admin)\b[^|;&\n]*?\s-p(?P<secret>[^\s'\";|&]+)",
     ("-p",)),
    (r"(?i)authorization:\s*(?:bearer|basic|token|digest)?\s*(?P<secret>[^\s'\"]+)",
     ("authorization",)),
    (r"(?i)\bbearer\s+(?P<secret>[A-Za-z0-9._~+/=-]{8,})", ("bearer",)),
    (r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s:/@]+:(?P<secret>[^\s@/]+)@", ("://",)),
    (r"\b(?P<secret>(?:AKIA|ASIA)[0-9A-Z]{16})\b", ("akia", "asia")),
    (r"(?i)aws_secret_access_key\s*[=:]\s*(?P<secret>[A-Za-z0-9/+=]{40})", ("aws_secret",)),
    (r"\b(?P<secret>gh[pousr]_[A-Za-z0-9]{36,}|glpat-[A-Za-z0-9_-]{20,}|xox[abprs]-[A-Za-z0-9-]{10,})",
     ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "glpat-", "xox")),
    (r"\b(?P<secret>AIza[0-9A-Za-z_-]{35})\b", ("aiza",)),
    (r"(?s)(?P<secret>-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----.*?"
     r"-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----)", ("private key",)),
)  # fmt: skip
Rule = tuple[str, tuple[str, ...]]  # (regex, trigger words); no words: it always runs
_MARKER = re.compile(r"\[REDACTED:[^\]\s]+\]")
_ASSIGNMENT = re.compile(r"^[^=\s]+=")


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    # Compiled on first use: recording `ls` should not pay for eleven regexes.
    return re.compile(pattern)


def compile_rules(extra: Iterable[str] = ()) -> list[Rule]:
    """The built-in rules plus ``commands.redact_patterns`` from opsledger.yaml.

    An extra pattern may name its secret ``(?P<secret>…)``; otherwise a ``NAME=value``
    match keeps ``NAME=`` and anything else is redacted whole.
    """
    rules: list[Rule] = list(BUILTIN_RULES)
    for pattern in extra:
        try:
            _compiled(pattern)
            rules.append((pattern, ()))
        except re.error as exc:
            message = f"opsledger.yaml: commands.redact_patterns: {pattern!r}: {exc}"
            raise UsageError(message) from None
    return rules


@dataclass
class Redactor:
    """Redacts the texts of one entry; the same secret gets the same key throughout."""

    rules: list[Rule]
    keys: dict[str, str] = field(default_factory=lambda: {})  # secret → k

    def redact(self, text: str) -> str:
        lowered = text.lower()
        for rule, words in self.rules:
            if not words or any(word in lowered for word in words):
                text = _compiled(rule).sub(self._replace, text)
        return text

    def _replace(self, match: re.Match[str]) -> str:
        start, end = _secret_span(match)
        secret = match.string[start:end]
        if not secret or _MARKER.fullmatch(secret):
            return match.group(0)
        key = self.keys.setdefault(secret, str(len(self.keys) + 1))
        base = match.start()
        whole = match.group(0)
        return whole[: start - base] + f"[REDACTED:{key}]" + whole[end - base :]

    def redacted_map(
        self, encrypt: Encrypt | None = None, record_id: str = "", entry_path: str = ""
    ) -> dict[str, str | None]:
        if encrypt is None:
            return {key: None for key in self.keys.values()}
        return {
            key: encrypt(record_id, f"{entry_path}.redacted.{key}", secret)
            for secret, key in self.keys.items()
        }


def _secret_span(match: re.Match[str]) -> tuple[int, int]:
    if "secret" in match.re.groupindex and match.group("secret") is not None:
        start, end = match.span("secret")
    else:
        start, end = match.span()
        assignment = _ASSIGNMENT.match(match.group(0))
        if assignment:
            start += assignment.end()
    text = match.string
    if end - start >= 2 and text[start] == text[end - 1] and text[start] in "'\"":
        start, end = start + 1, end - 1  # keep the quotes: the shell syntax stays readable
    return start, end
