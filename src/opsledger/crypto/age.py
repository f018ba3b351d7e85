"""The one module that imports pyrage: keys in, age files out.

Recipients are x25519 (``age1…``) or ssh-ed25519 / ssh-rsa public keys; identities are
age secret keys or unencrypted OpenSSH private keys. The binary age format is what the
``age`` CLI reads and writes, so ``age -d`` opens every value we write.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyrage  # pyright: ignore[reportMissingTypeStubs]

from opsledger.crypto.errors import IdentityRefused, NoIdentity, SecretError

# pyrage ships no type stubs; one Any-typed handle keeps strict typing elsewhere.
_age: Any = pyrage

SSH_TYPES = ("ssh-ed25519", "ssh-rsa")
Recipient = Any  # pyrage.x25519.Recipient | pyrage.ssh.Recipient (untyped extension)
Identity = Any


def normalize_recipient(text: str) -> str:
    """The canonical spelling of a recipient: ssh keys without their comment."""
    parts = text.split()
    if len(parts) >= 2 and parts[0] in SSH_TYPES:
        return f"{parts[0]} {parts[1]}"
    if len(parts) == 1 and parts[0].startswith("age1"):
        return parts[0]
    raise SecretError(f"{text[:40]!r} is not an age1… or ssh-ed25519/ssh-rsa public key")


def parse_recipient(text: str) -> Recipient:
    key = normalize_recipient(text)
    try:
        if key.startswith("age1"):
            return _age.x25519.Recipient.from_str(key)
        return _age.ssh.Recipient.from_str(key)
    except _age.RecipientError as exc:
        raise SecretError(f"{key[:40]}…: not a valid recipient ({exc})") from None


def parse_identities(text: bytes, source: str) -> list[Identity]:
    """Identities from an age identity file or an OpenSSH private key."""
    if b"PRIVATE KEY-----" in text:
        try:
            return [_age.ssh.Identity.from_buffer(text)]
        except _age.IdentityError as exc:
            if "decrypted" in str(exc) or b"ENCRYPTED" in text:
                raise IdentityRefused(
                    f"{source}: this ssh key is passphrase-protected and cannot be used;"
                    " run `opsledger secret keygen` for an age identity, add its recipient"
                    " to people.yaml and ask a teammate to run `opsledger secret rotate`"
                ) from None
            raise IdentityRefused(f"{source}: not a usable ssh private key ({exc})") from None
    found: list[Identity] = []
    for number, line in enumerate(text.decode("utf-8", "replace").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            found.append(_age.x25519.Identity.from_str(line))
        except _age.IdentityError:
            # Never echo the line: it may be a secret key with a typo.
            raise IdentityRefused(f"{source}:{number}: not an AGE-SECRET-KEY-1… line") from None
    if not found:
        raise IdentityRefused(f"{source}: holds no identity")
    return found


def generate() -> tuple[str, str]:
    """A new x25519 identity: (secret key line, public recipient)."""
    identity = _age.x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def public_of(identity: Identity) -> str | None:
    to_public = getattr(identity, "to_public", None)
    return str(to_public()) if to_public is not None else None


def encrypt(plaintext: bytes, recipients: Sequence[Recipient]) -> bytes:
    if not recipients:
        raise SecretError("no recipients to encrypt for")
    return _age.encrypt(plaintext, list(recipients))


def decrypt(age_file: bytes, identities: Sequence[Identity], where: str) -> bytes:
    """Open one age file; ``where`` names the field in every error."""
    if not identities:
        raise NoIdentity(f"{where}: no identity to decrypt with")
    try:
        return _age.decrypt(age_file, list(identities))
    except _age.DecryptError as exc:
        if "No matching keys" in str(exc):
            raise NoIdentity(f"{where}: none of your identities can decrypt this value") from None
        raise SecretError(f"{where}: the encrypted value is corrupted or truncated") from None
