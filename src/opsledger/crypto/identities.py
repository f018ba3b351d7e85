"""Where the user's identities come from, and the permission rule they must pass.

Order: ``OPSLEDGER_AGE_IDENTITY`` (a file, or the ``AGE-SECRET-KEY-1…`` line itself for
CI secrets), then ``$XDG_CONFIG_HOME/opsledger/identity.txt`` (default
``~/.config/opsledger/identity.txt``), then ``~/.ssh/id_ed25519`` and ``~/.ssh/id_rsa``.
An explicit identity is the only one used; the defaults are all tried.
"""

from __future__ import annotations

import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from opsledger.crypto import age
from opsledger.crypto.errors import IdentityRefused

ENV_VAR = "OPSLEDGER_AGE_IDENTITY"


def config_home(env: Mapping[str, str]) -> Path:
    explicit = env.get("XDG_CONFIG_HOME")
    return Path(explicit) if explicit else home(env) / ".config"


def home(env: Mapping[str, str]) -> Path:
    value = env.get("HOME")
    return Path(value) if value else Path.home()


def default_identity_file(env: Mapping[str, str]) -> Path:
    return config_home(env) / "opsledger" / "identity.txt"


@dataclass
class Identities:
    """The identities found, with the files they came from (for error messages)."""

    keys: list[age.Identity] = field(default_factory=lambda: [])
    sources: list[str] = field(default_factory=lambda: [])
    publics: list[str] = field(default_factory=lambda: [])

    def describe(self) -> str:
        return ", ".join(self.sources) if self.sources else "none found"


def load_identities(env: Mapping[str, str]) -> Identities:
    found = Identities()
    explicit = env.get(ENV_VAR, "").strip()
    if explicit.startswith("AGE-SECRET-KEY-"):
        _add(found, age.parse_identities(explicit.encode(), ENV_VAR), ENV_VAR)
        return found
    if explicit:
        path = Path(explicit).expanduser()
        _add(found, read_identity_file(path), str(path))
        return found
    own = default_identity_file(env)
    if own.is_file():
        _add(found, read_identity_file(own), str(own))
    ssh = home(env) / ".ssh"
    refused: list[IdentityRefused] = []
    for path in (ssh / "id_ed25519", ssh / "id_rsa"):
        if path.is_file():
            try:
                _add(found, read_identity_file(path), str(path))
            except IdentityRefused as exc:
                refused.append(exc)  # harmless when another identity works
    if refused and not found.keys:
        raise refused[0]
    return found


def read_identity_file(path: Path) -> list[age.Identity]:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise IdentityRefused(f"{path}: identity file not found (see {ENV_VAR})") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise IdentityRefused(
            f"{path}: identity file is readable by others (mode {stat.S_IMODE(mode):o});"
            f" fix it with: chmod 600 {path}"
        )
    return age.parse_identities(path.read_bytes(), str(path))


def _add(found: Identities, keys: list[age.Identity], source: str) -> None:
    found.keys.extend(keys)
    found.sources.append(source)
    found.publics.extend(p for p in map(age.public_of, keys) if p)
