from __future__ import annotations

from tests.crypto.conftest import keys, ledger_dir, run, secret_ledger  # noqa: F401  (shared fixtures)
