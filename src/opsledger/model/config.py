"""``opsledger.yaml``: the ledger's own configuration (Appendix A)."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field, field_validator

from opsledger.model.base import Size, Strict
from opsledger.model.timestamps import load_zone


class Severity(StrEnum):
    ignore = "ignore"
    warning = "warning"
    error = "error"


class IdPrefixes(Strict):
    task: str = Field(default="T", pattern=r"^[A-Z]+$")
    change: str = Field(default="CHG", pattern=r"^[A-Z]+$")
    window: str = Field(default="W", pattern=r"^[A-Z]+$")


class EncryptionRule(Strict):
    path: str
    recipients: list[str] = Field(min_length=1)


class Encryption(Strict):
    rules: list[EncryptionRule] = Field(default_factory=list[EncryptionRule])


class CommandSettings(Strict):
    inline_output_max: Size = "16KiB"
    redact_patterns: list[str] = Field(default_factory=list[str])


class TimeSettings(Strict):
    on_start_while_running: Literal["stop", "refuse"] = "stop"


class Config(Strict):
    version: Literal[1] = 1
    name: str
    timezone: str = "UTC"
    ids: IdPrefixes = Field(default_factory=IdPrefixes)
    signing: Literal["required", "optional"] = "optional"
    encryption: Encryption = Field(default_factory=Encryption)
    secret_fields: list[str] = Field(default_factory=list[str])
    checks: dict[str, Severity] = Field(default_factory=dict[str, Severity])
    commands: CommandSettings = Field(default_factory=CommandSettings)
    time: TimeSettings = Field(default_factory=TimeSettings)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        load_zone(value)
        return value

    @field_validator("checks")
    @classmethod
    def _check_ids(cls, value: dict[str, Severity]) -> dict[str, Severity]:
        for key in value:
            if not (len(key) == 5 and key.startswith("OL") and key[2:].isdigit()):
                raise ValueError(f"{key!r} is not a check id like OL105")
        return value
