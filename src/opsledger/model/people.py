"""``people.yaml``: people, teams and bots (DESIGN 2, Appendix A)."""

from __future__ import annotations

from pydantic import Field

from opsledger.model.base import Strict


class Person(Strict):
    name: str | None = None
    email: str | None = None
    teams: list[str] = Field(default_factory=list[str])
    signing_keys: list[str] = Field(default_factory=list[str])
    age: str | list[str] | None = None
    role: str | None = None
    timezone: str | None = None


class Team(Strict):
    name: str | None = None
    capacity: int | None = Field(default=None, ge=0)


class Bot(Strict):
    name: str | None = None
    email: str | None = None
    signing_keys: list[str] = Field(default_factory=list[str])
    age: str | list[str] | None = None


class People(Strict):
    people: dict[str, Person] = Field(default_factory=dict[str, Person])
    teams: dict[str, Team] = Field(default_factory=dict[str, Team])
    bots: dict[str, Bot] = Field(default_factory=dict[str, Bot])

    def team_members(self, team: str) -> list[str]:
        return [name for name, person in self.people.items() if team in person.teams]

    def team_capacity(self, team: str) -> int:
        declared = self.teams.get(team)
        if declared is not None and declared.capacity is not None:
            return declared.capacity
        return len(self.team_members(team))

    def by_email(self, email: str) -> str | None:
        wanted = email.strip().lower()
        for name, person in self.people.items():
            if person.email and person.email.lower() == wanted:
                return name
        return None
