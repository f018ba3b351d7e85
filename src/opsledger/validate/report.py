"""What a validation run found: findings with their final severity, and the exit code."""

from __future__ import annotations

from dataclasses import dataclass, field

from opsledger.store.checking import CheckSpec, Finding


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=lambda: [])  # severity always set
    files: int = 0
    specs: dict[str, CheckSpec] = field(default_factory=lambda: {})
    base: str | None = None

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    @property
    def ok(self) -> bool:
        return self.errors == 0

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def name(self, check: str) -> str:
        spec = self.specs.get(check)
        return spec.name if spec is not None else "unregistered"

    def merge(self, other: Report) -> None:
        """Add another ledger's results (one repository may hold several ledgers)."""
        self.findings.extend(other.findings)
        self.files += other.files
        self.specs.update(other.specs)
