"""The CLI fixtures (an initialised ledger, the in-process runner) for API-level tests."""

from __future__ import annotations

from tests.cli.conftest import ledger_dir, run

__all__ = ["ledger_dir", "run"]
