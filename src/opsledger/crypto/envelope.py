"""The text form of an encrypted value and the JSON envelope inside it (DESIGN 3.6).

``ENC[age,v1,r=<8 hex>,<standard base64 of the binary age file>]`` is a plain YAML
string. Decrypted, it holds ``{"v":1,"at":…,"path":…,"type":…,"value":…}``: ``at`` and
``path`` bind the ciphertext to its place, so a value pasted elsewhere is refused.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass

from opsledger.crypto.errors import BindingError, SecretError

PREFIX = "ENC[age,"
ENC_RE = re.compile(r"ENC\[age,v1,r=([0-9a-f]{8}),([A-Za-z0-9+/=]+)\]")
AGE_MAGIC = b"age-encryption.org/v1\n"

Plain = str | int | float | bool
_TYPES: dict[type, str] = {str: "str", int: "int", float: "float", bool: "bool"}


@dataclass(frozen=True)
class Sealed:
    """One ``ENC[…]`` string, split into its recipient fingerprint and age file."""

    fingerprint: str
    age_file: bytes


def is_encrypted(value: object) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def format_value(fingerprint: str, age_file: bytes) -> str:
    return f"ENC[age,v1,r={fingerprint},{base64.b64encode(age_file).decode('ascii')}]"


def parse_value(text: str, where: str) -> Sealed:
    """Split an ``ENC[…]`` string; ``where`` names the field in the error."""
    match = ENC_RE.fullmatch(text)
    if match is None:
        raise SecretError(f"{where}: not a well-formed ENC[age,v1,r=…,…] value (truncated?)")
    try:
        age_file = base64.b64decode(match.group(2), validate=True)
    except (binascii.Error, ValueError):
        raise SecretError(f"{where}: the encrypted value is corrupted (bad base64)") from None
    if not age_file.startswith(AGE_MAGIC):
        raise SecretError(f"{where}: the encrypted value is corrupted (not an age file)")
    return Sealed(match.group(1), age_file)


def value_type(value: object) -> str:
    kind = _TYPES.get(type(value))
    if kind is None:
        raise SecretError(
            f"only text, integers, numbers and booleans can be encrypted,"
            f" not {type(value).__name__}"
        )
    return kind


def seal_payload(at: str, path: str, value: Plain) -> bytes:
    """The JSON envelope, keys in the documented order, compact."""
    kind = value_type(value)
    body = {"v": 1, "at": at, "path": path, "type": kind, "value": value}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def open_payload(payload: bytes, at: str, path: str) -> Plain:
    """The value inside an envelope, after checking it belongs at ``at`` / ``path``."""
    here = f"{at} {path}"
    try:
        body = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise SecretError(f"{here}: the decrypted value is not an opsledger envelope") from None
    if not isinstance(body, dict) or body.get("v") != 1:  # pyright: ignore[reportUnknownMemberType]
        raise SecretError(f"{here}: the decrypted value is not a version 1 opsledger envelope")
    fields: dict[str, object] = body  # pyright: ignore[reportUnknownVariableType]
    bound = (fields.get("at"), fields.get("path"))
    if bound != (at, path):
        raise BindingError(
            f"{here}: this ciphertext belongs to {bound[0]} {bound[1]}; it was copied here."
            " Set the value again with `opsledger secret set`"
        )
    value = fields.get("value")
    kind = fields.get("type")
    if kind not in _TYPES.values() or _TYPES.get(type(value)) != kind:
        # JSON has no int/float distinction for 1.0; accept an int where a float was sealed.
        if not (kind == "float" and type(value) is int):
            raise SecretError(f"{here}: the envelope's type {kind!r} does not match its value")
        value = float(value)  # pyright: ignore[reportArgumentType]
    assert isinstance(value, str | int | float | bool)
    return value
