from __future__ import annotations

from tests.cli.conftest import ledger_dir, run  # noqa: F401  (shared fixtures)
