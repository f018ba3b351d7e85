"""OL3xx: the validator's secret checks (contract in ``store/checking.py``).

None of them decrypts anything: CI holds no identity, and must not need one.
"""

from __future__ import annotations

from collections.abc import Iterator

from opsledger.crypto.envelope import ENC_RE, PREFIX, parse_value
from opsledger.crypto.errors import SecretError
from opsledger.crypto.fieldpath import format_path, is_secret_field, may_encrypt, walk
from opsledger.crypto.recipients import Rules
from opsledger.crypto.scanner import line_column, scan
from opsledger.crypto.splice import encrypted_values
from opsledger.model.errors import Location
from opsledger.store.checking import CheckContext, CheckSpec, Finding, LoadedFile

SET_HINT = "encrypt it with `opsledger secret set ID FIELD` (value from stdin)"


def _files(ctx: CheckContext) -> Iterator[LoadedFile]:
    for loaded in ctx.files.values():
        if ctx.wanted(loaded.relpath):
            yield loaded


def _at(loaded: LoadedFile, offset: int) -> Location:
    line, column = line_column(loaded.text, offset)
    return Location(loaded.relpath, line, column)


def _secret_fields(ctx: CheckContext) -> list[str]:
    patterns: list[object] = list(ctx.ws.config_data.get("secret_fields") or [])
    return [str(p) for p in patterns]


def secret_field_plaintext(ctx: CheckContext) -> Iterator[Finding]:
    patterns = _secret_fields(ctx)
    if not patterns:
        return
    # A pattern's last key is literal in practice (`url`, `password`): skip files without it.
    needles = {p.rpartition(":")[2].rsplit(".", 1)[-1] for p in patterns}
    literal = all("*" not in n and "[" not in n for n in needles)
    for loaded in _files(ctx):
        if loaded.data is None or (literal and not any(n in loaded.text for n in needles)):
            continue
        for keypath, value in walk(loaded.data):
            if value is None or (isinstance(value, str) and value.startswith(PREFIX)):
                continue
            if is_secret_field(keypath, loaded.relpath, patterns):
                yield Finding(
                    "OL301",
                    f"{format_path(keypath)} must be encrypted (secret_fields) but holds plaintext",
                    loaded.locate(keypath),
                    hint=SET_HINT,
                )


def plaintext_secrets(ctx: CheckContext) -> Iterator[Finding]:
    for loaded in _files(ctx):
        for hit in scan(loaded.text):
            yield Finding(
                "OL302",
                f"{hit.description} in plain text",
                _at(loaded, hit.offset),
                hint="remove it (and rotate it: it is in your history); " + SET_HINT,
            )


def stale_recipients(ctx: CheckContext) -> Iterator[Finding]:
    rules = Rules(ctx.ws.config_data, ctx.ws.people_data)
    for loaded in _files(ctx):
        if PREFIX not in loaded.text:
            continue
        try:
            current = rules.for_path(loaded.relpath).fingerprint
        except SecretError as exc:
            yield Finding("OL303", exc.message, Location(loaded.relpath))
            continue
        for match in ENC_RE.finditer(loaded.text):
            if match.group(1) != current:
                yield Finding(
                    "OL303",
                    f"encrypted for recipients r={match.group(1)}, but the rules now say"
                    f" r={current}",
                    _at(loaded, match.start()),
                    hint="run `opsledger secret rotate --stale-only`",
                )


def _encrypted(ctx: CheckContext) -> Iterator[tuple[LoadedFile, tuple[str | int, ...], str]]:
    for loaded in _files(ctx):
        if loaded.data is not None and PREFIX in loaded.text:
            for keypath, value in encrypted_values(loaded.data):
                yield loaded, keypath, value


def encrypted_not_allowed(ctx: CheckContext) -> Iterator[Finding]:
    patterns = _secret_fields(ctx)
    for loaded, keypath, _value in _encrypted(ctx):
        if not may_encrypt(keypath, loaded.relpath, patterns):
            yield Finding(
                "OL304",
                f"{format_path(keypath)} may not be encrypted (only secrets.*, labels.*, x-*,"
                " redacted.*, free text and secret_fields)",
                loaded.locate(keypath),
            )


def malformed(ctx: CheckContext) -> Iterator[Finding]:
    for loaded, keypath, value in _encrypted(ctx):
        try:
            parse_value(value, format_path(keypath))
        except SecretError as exc:
            yield Finding("OL305", exc.message, loaded.locate(keypath))


CHECKS: list[CheckSpec] = [
    CheckSpec(
        "OL301",
        "secret-field-plaintext",
        "error",
        "a secret_fields value is not encrypted",
        secret_field_plaintext,
    ),
    CheckSpec(
        "OL302",
        "plaintext-secret",
        "error",
        "a key, token or password in plain text",
        plaintext_secrets,
    ),
    CheckSpec(
        "OL303",
        "stale-recipients",
        "warning",
        "a value encrypted for another recipient set than its rule",
        stale_recipients,
    ),
    CheckSpec(
        "OL304",
        "encrypted-not-allowed",
        "error",
        "an encrypted value where DESIGN 3.6 allows none",
        encrypted_not_allowed,
    ),
    CheckSpec(
        "OL305",
        "malformed-encrypted",
        "error",
        "an ENC[...] value that is truncated or not an age file",
        malformed,
    ),
]
