"""``policies/billing.yaml``: clients, projects, rates and locks, read once per command."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from opsledger.model.errors import UsageError
from opsledger.model.timestamps import parse_timestamp
from opsledger.store.workspace import Workspace
from opsledger.timetrack.plain import as_mapping
from opsledger.timetrack.policy import BILLING_FILE, BillingPolicy, Client, load_billing

if TYPE_CHECKING:
    from decimal import Decimal

__all__ = ["BILLING_FILE", "Billing", "load_billing"]


@dataclass
class Billing:
    """The billing policy plus who is in which team (rates may name a role or team)."""

    file: BillingPolicy
    roles: dict[str, list[str]] = field(default_factory=lambda: {})
    _rates: dict[tuple[str | None, str | None, str], Decimal | None] = field(
        default_factory=lambda: {}
    )

    @classmethod
    def of(cls, ws: Workspace) -> Billing:
        roles: dict[str, list[str]] = {}
        people: dict[str, Any] = ws.people_data.get("people") or {}
        for name, value in people.items():
            person = as_mapping(value)
            if person is not None:
                teams: list[Any] = person.get("teams") or []
                role = [person["role"]] if person.get("role") else []
                roles[str(name)] = [str(x) for x in role + teams]
        return cls(load_billing(ws), roles)

    def client(self, name: str | None) -> Client | None:
        return None if name is None else self.file.clients.get(name)

    def currency(self, client: str | None) -> str:
        found = self.client(client)
        return (found.currency if found and found.currency else None) or self.file.currency

    def chargeable(self, client: str | None, project: str | None, billable: bool) -> bool:
        """Billable time of a client, unless the project says it is not billed."""
        if not billable or client is None:
            return False
        found = self.client(client)
        if found is None or project is None:
            return True
        proj = found.projects.get(project)
        return proj is None or proj.billable

    def rate(self, client: str | None, project: str | None, who: str) -> Decimal | None:
        """Project rates before client rates; a person before their role/teams before default."""
        key = (client, project, who)
        if key not in self._rates:
            self._rates[key] = self._lookup(client, project, who)
        return self._rates[key]

    def _lookup(self, client: str | None, project: str | None, who: str) -> Decimal | None:
        from decimal import Decimal  # only reports price: writing an entry does not need it

        found = self.client(client)
        if found is None:
            return None
        names = [who, *self.roles.get(who, []), "default"]
        proj = found.projects.get(project) if project else None
        for table in (proj.rates if proj else {}, found.rates):
            for name in names:
                if name in table:
                    return Decimal(str(table[name]))
        return None

    def locked_until(self, client: str | None) -> int | None:
        """Epoch seconds up to which the client's time is invoiced, or None."""
        stamps = [
            int(parse_timestamp(lock.until).timestamp())
            for lock in self.file.locks
            if lock.client in (client, "*")
        ]
        return max(stamps) if stamps else None

    def check_reference(self, client: str | None, project: str | None, billable: bool) -> None:
        """Unknown client or project, or a missing project where the contract needs one."""
        if client is None:
            if project is not None:
                raise UsageError(f"project {project!r} needs a client")
            return
        found = self.client(client)
        if found is None:
            known = ", ".join(sorted(self.file.clients)) or "none"
            raise UsageError(f"unknown client {client!r} (in {BILLING_FILE}: {known})")
        if project is not None and found.projects and project not in found.projects:
            known = ", ".join(sorted(found.projects))
            raise UsageError(f"unknown project {project!r} of client {client} (known: {known})")
        if billable and project is None and found.require_project:
            raise UsageError(
                f"client {client} requires a project for billable time: pass --project "
                f"({', '.join(sorted(found.projects))}) or --no-billable"
            )
