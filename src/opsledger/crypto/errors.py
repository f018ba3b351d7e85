"""Errors of the secrets layer; all are OpsledgerError, so the CLI maps them to exit 1."""

from __future__ import annotations

from opsledger.model.errors import OpsledgerError


class SecretError(OpsledgerError):
    """A value that cannot be encrypted or decrypted (corrupted, no identity, bad key)."""


class BindingError(SecretError):
    """A ciphertext that was made for another record or field than the one it sits in."""


class NoIdentity(SecretError):
    """None of the user's identities opens a value; the message lists its recipients."""


class IdentityRefused(SecretError):
    """An identity file that must not be used as it is (permissions, passphrase)."""
