"""Decrypt a file for ``$EDITOR`` and seal it again, re-encrypting only what changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from opsledger.crypto.codec import Codec, binding_of
from opsledger.crypto.envelope import Plain, is_encrypted
from opsledger.crypto.errors import NoIdentity
from opsledger.crypto.fieldpath import KeyPath, is_secret_field, walk
from opsledger.crypto.splice import encrypted_values

MUST_ENCRYPT_MAPS = ("secrets", "redacted")


@dataclass
class Revealed:
    relpath: str
    text: str  # the file with every value decrypted: only ever written to the private dir
    originals: dict[KeyPath, tuple[str, Plain]] = field(default_factory=lambda: {})
    locked: int = 0  # values no identity of ours opens: left as ciphertext


def reveal(codec: Codec, relpath: str, text: str) -> Revealed:
    from opsledger.store.yamlio import YamlDocument

    doc = YamlDocument.parse(text, relpath)
    data = doc.plain()
    at = binding_of(relpath, data)
    revealed = Revealed(relpath, text)
    for keypath, sealed in encrypted_values(data):
        try:
            value = codec.decrypt(relpath, at, keypath, sealed)
        except NoIdentity:
            revealed.locked += 1
            continue
        doc.set(keypath, value)
        revealed.originals[keypath] = (sealed, value)
    if revealed.originals:
        revealed.text = doc.dump()
    return revealed


def must_encrypt(keypath: KeyPath, relpath: str, secret_fields: list[str]) -> bool:
    if len(keypath) >= 2 and keypath[-2] in MUST_ENCRYPT_MAPS:
        return True
    return is_secret_field(keypath, relpath, secret_fields)


def seal(codec: Codec, revealed: Revealed, edited: str, secret_fields: list[str]) -> str:
    """The edited text with every value that was, or must be, encrypted sealed again;
    a value whose plaintext did not change keeps its old ciphertext byte for byte."""
    from opsledger.store.yamlio import YamlDocument

    relpath = revealed.relpath
    doc = YamlDocument.parse(edited, relpath)
    data = doc.plain()
    at = binding_of(relpath, data)
    changed = False
    for keypath, value in list(walk(data)):
        if value is None or is_encrypted(value):
            continue
        if keypath not in revealed.originals and not must_encrypt(keypath, relpath, secret_fields):
            continue
        old = revealed.originals.get(keypath)
        doc.set(keypath, codec.keep_or_encrypt(relpath, at, keypath, value, old))
        changed = True
    return doc.dump() if changed else edited
