"""Shared pieces of every record model (DESIGN 3.0)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, cast

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from opsledger.model.durations import DURATION_PATTERN
from opsledger.model.ids import ENTRY_ID_RE, RECORD_ID_RE
from opsledger.model.timestamps import (
    DATE_PATTERN,
    TIMESTAMP_PATTERN,
    is_date_or_timestamp,
    is_timestamp,
)

ENCRYPTED_PATTERN = r"^ENC\[age,v1,r=[0-9a-f]{8},[A-Za-z0-9+/=]+\]$"


def _timestamp(value: str) -> str:
    if not is_timestamp(value):
        raise ValueError("expected a timestamp YYYY-MM-DDTHH:MM:SS+HH:MM")
    return value


def _date_or_timestamp(value: str) -> str:
    if not is_date_or_timestamp(value):
        raise ValueError("expected a date YYYY-MM-DD or a timestamp")
    return value


Timestamp = Annotated[
    str, AfterValidator(_timestamp), Field(json_schema_extra={"pattern": TIMESTAMP_PATTERN})
]
DateOrTimestamp = Annotated[
    str,
    AfterValidator(_date_or_timestamp),
    Field(json_schema_extra={"anyOf": [{"pattern": DATE_PATTERN}, {"pattern": TIMESTAMP_PATTERN}]}),
]
Duration = Annotated[str, Field(pattern=DURATION_PATTERN, min_length=2)]
RecordId = Annotated[str, Field(pattern=RECORD_ID_RE.pattern)]
EntryId = Annotated[str, Field(pattern=ENTRY_ID_RE.pattern)]
Size = Annotated[str, Field(pattern=r"^\d+(B|KiB|MiB|GiB)?$")]


class Priority(StrEnum):
    critical = "critical"
    high = "high"
    medium = "medium"
    low = "low"


PRIORITY_RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1}


class Strict(BaseModel):
    """Unknown keys are errors, except ``x-`` extension keys, which are ignored."""

    model_config = ConfigDict(
        extra="forbid", defer_build=True, use_enum_values=True, validate_default=True
    )

    @model_validator(mode="before")
    @classmethod
    def _drop_extension_keys(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        items = cast("dict[object, Any]", data)
        # Runs for every nested model of every file a whole-ledger validate reads: a plain
        # loop costs half of any() over a generator.
        for key in items:
            if key.__class__ is str and key[:2] == "x-":  # type: ignore[index]
                return {
                    k: v for k, v in items.items() if not (isinstance(k, str) and k[:2] == "x-")
                }
        return items


class Record(Strict):
    id: RecordId
    title: str = Field(min_length=1)
    created: Timestamp
    updated: Timestamp | None = None
    tags: list[str] = Field(default_factory=list[str])
    labels: dict[str, str] = Field(default_factory=dict[str, str])
    description: str | None = None
    secrets: dict[str, Annotated[str, Field(pattern=ENCRYPTED_PATTERN)]] = Field(
        default_factory=dict
    )
