"""The exported schemas work in other tools: example-repo/ validates with ``jsonschema``."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from opsledger.store.fastload import load_fast, load_fast_front_matter
from opsledger.validate.discover import kind_of, record_files, support_files

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "example-repo"
SCHEMA_OF = {"template": "command-template"}


def _schema_name(kind: str) -> str:
    return SCHEMA_OF.get(kind, kind.removeprefix("policy:"))


@cache
def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


FILES = sorted(support_files(EXAMPLE) + record_files(EXAMPLE))


def test_every_kind_is_covered() -> None:
    kinds = {_schema_name(kind_of(p) or "") for p in FILES}
    assert {"config", "people", "inventory", "task", "window"} <= kinds
    assert all((ROOT / "schemas" / f"{k}.schema.json").exists() for k in kinds)


@pytest.mark.parametrize("relpath", FILES)
def test_example_file_matches_its_schema(relpath: str) -> None:
    kind = kind_of(relpath) or ""
    raw = (EXAMPLE / relpath).read_bytes()
    data = (
        load_fast_front_matter(raw, relpath) if relpath.endswith(".md") else load_fast(raw, relpath)
    )
    errors = [e.message for e in _validator(_schema_name(kind)).iter_errors(data)]
    assert errors == [], f"{relpath}: {errors}"


@pytest.mark.parametrize(
    ("kind", "bad"),
    [
        ("task", {"id": "T-aaaaaaaa", "title": "x", "created": "yesterday"}),
        (
            "task",
            {"id": "T-aaaaaaaa", "title": "x", "created": "2026-11-20T10:15:00+01:00", "colour": 1},
        ),
        (
            "window",
            {
                "id": "W-aaaaaaaa",
                "title": "x",
                "start": "2026-12-05T22:00:00+01:00",
                "duration": "4 hours",
            },
        ),
    ],
)
def test_schemas_refuse_what_the_models_refuse(kind: str, bad: dict[str, object]) -> None:
    assert list(_validator(kind).iter_errors(bad))


def test_extension_keys_pass_the_schemas() -> None:
    task = {
        "id": "T-aaaaaaaa",
        "title": "x",
        "created": "2026-11-20T10:15:00+01:00",
        "x-ticket": "OPS-1",
    }
    assert not list(_validator("task").iter_errors(task))
