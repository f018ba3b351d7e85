"""``secret keygen``: a personal age identity, private from the first byte."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from opsledger.crypto import age
from opsledger.crypto.errors import SecretError
from opsledger.crypto.identities import default_identity_file


def create_identity(env: Mapping[str, str], path: Path | None = None) -> tuple[Path, str]:
    """Write a new identity file (0600, its folder 0700); returns (file, public recipient).

    An existing file is never overwritten: losing it would lose every secret it opens.
    """
    target = path or default_identity_file(env)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    secret, public = age.generate()
    body = f"# opsledger identity\n# public key: {public}\n{secret}\n"
    try:
        # O_EXCL: never follow a planted symlink, never replace a key; 0600 from creation.
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise SecretError(
            f"{target} already exists; keep it (it opens your secrets) or move it away first"
        ) from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(body)
    return target, public
