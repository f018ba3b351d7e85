from __future__ import annotations

from pathlib import Path

from opsledger.alerts.checks import CHECKS
from opsledger.ledger import Ledger
from opsledger.store.checking import CheckContext, LoadedFile
from opsledger.store.fastload import load_fast

BAD = """rules:
  - match: {alertname: "Disk(.*"}
    title: "{{ labels.alertname }"
    components: ["{{ labels.instance | host }}"]
generic:
  x: {match: {kind: "["}}
"""


def test_ol601_and_ol602_point_at_the_line(alert_ledger: Path) -> None:
    loaded = LoadedFile("policies/alerts.yaml", "policy:alerts", BAD, load_fast(BAD, "a.yaml"))
    ctx = CheckContext(Ledger.open(alert_ledger).ws, {loaded.relpath: loaded})
    findings = [f for spec in CHECKS for f in spec.run(ctx)]
    assert [(f.check, f.location and f.location.line) for f in findings] == [
        ("OL601", 2),
        ("OL601", 6),
        ("OL602", 3),
    ]
    assert "invalid regex 'Disk(.*'" in findings[0].message
    ctx.targets = {"other.yaml"}  # the pre-commit fast path: not a target, no findings
    assert [f for spec in CHECKS for f in spec.run(ctx)] == []


def test_ol602_checks_the_defaults_and_skips_rules_that_are_no_mapping(
    alert_ledger: Path,
) -> None:
    text = 'defaults: {title: "{{ labels.x"}\nrules:\n  - just text\n'
    loaded = LoadedFile("policies/alerts.yaml", "policy:alerts", text, load_fast(text, "a.yaml"))
    ctx = CheckContext(Ledger.open(alert_ledger).ws, {loaded.relpath: loaded})
    findings = [f for spec in CHECKS for f in spec.run(ctx)]
    assert [(f.check, f.location and f.location.line) for f in findings] == [("OL602", 1)]
