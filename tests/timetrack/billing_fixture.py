"""A billing policy and a ledger set up for time tests (shared by tests/cli/test_time_*)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import git

BILLING = """# test contracts
currency: EUR
clients:
  acme:
    name: ACME GmbH
    projects:
      OPS-42: {name: Platform operations}
      ACME-K8S: {name: EKS upgrade, rates: {default: 150}}
    rates: {default: 120, olivia: 140, dba: 130}
    rounding: {increment: 15m, mode: up, per: entry, minimum: 15m}
    require_project: true
  globex:
    name: Globex
    currency: USD
    projects:
      GX-RUN: {name: Run}
      GX-ONBOARD: {name: Onboarding, billable: false}
    rates: {default: 100}
    rounding: {increment: 6m, mode: nearest, per: day}
locks:
  - {client: acme, until: 2026-10-31T23:59:59+01:00, note: October invoiced}
"""


def add_billing(repo: Path) -> None:
    (repo / "policies").mkdir(exist_ok=True)
    (repo / "policies" / "billing.yaml").write_text(BILLING, encoding="utf-8")
    git(repo, "add", "policies/billing.yaml")
    git(repo, "commit", "-q", "-m", "billing")
