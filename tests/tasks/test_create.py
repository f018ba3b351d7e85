"""The lean creation path writes only what the full model accepts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opsledger.ledger import Ledger
from opsledger.model.errors import UsageError, ValidationFailed
from opsledger.model.task import Task
from opsledger.store.fastload import load_fast
from opsledger.store.yamlio import YamlDocument
from tests.cli.conftest import Runner

_text = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda s: s.strip() != ""
)
_fields = st.fixed_dictionaries(
    {},
    optional={
        "type": st.sampled_from(["task", "incident"]),
        "priority": st.sampled_from(["critical", "high", "medium", "low"]),
        "category": _text,
        "assignee": st.sampled_from(["operator", "olivia", "ci"]),
        "team": st.sampled_from(["sre", "dba"]),
        "components": st.lists(
            st.sampled_from(["aws/eu-west-1/prod/db/pg-07", "aws/**/db/**", "onprem/dc1"]),
            max_size=3,
            unique=True,
        ),
        "client": _text,
        "project": _text,
        "tags": st.lists(_text, max_size=3),
        "labels": st.dictionaries(_text, _text, max_size=3),
        "description": st.text(max_size=200),
        "due": st.just("2026-12-01T17:00:00+01:00"),
    },
)


@pytest.fixture
def ledger(ledger_dir: Path, run: Runner) -> Ledger:
    return Ledger.open(ledger_dir, commit=False)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=_text, fields=_fields)
def test_whatever_create_writes_validates_and_reads_back(
    ledger: Ledger, title: str, fields: dict[str, Any]
) -> None:
    data = ledger.tasks.create_record(title, **fields)
    path = ledger.root / "tasks" / f"{data['id']}.yaml"
    text = path.read_text(encoding="utf-8")
    assert load_fast(text, "t") == data
    assert YamlDocument.parse(text, "t").plain() == data
    task = Task.model_validate(data)
    assert task.title == title
    assert task.status == ("assigned" if fields.get("assignee") else "open")


def test_create_refuses_what_it_cannot_take(ledger: Ledger) -> None:
    with pytest.raises(UsageError, match="unknown task field 'colour'"):
        ledger.tasks.create("x", colour="red")
    with pytest.raises(UsageError, match="set by opsledger"):
        ledger.tasks.create("x", status="done")
    with pytest.raises(ValidationFailed, match="priority"):
        ledger.tasks.create("x", priority="urgent")
    with pytest.raises(ValidationFailed, match="unknown team 'ops'"):
        ledger.tasks.create("x", team="ops")
    with pytest.raises(ValidationFailed, match="unknown task 'T-zzzzzzzz'"):
        ledger.tasks.create("x", depends_on=["T-zzzzzzzz"])
    with pytest.raises(UsageError, match="list of non-empty strings"):
        ledger.tasks.create("x", tags="disk")
    with pytest.raises(ValidationFailed, match="title"):
        ledger.tasks.create("   ")
    assert list((ledger.root / "tasks").glob("T-*")) == []


def test_config_cache_follows_edits(ledger_dir: Path) -> None:
    ledger = Ledger.open(ledger_dir, commit=False)
    assert "aws/eu-west-1/prod/db/pg-07" in ledger.ws.inventory_data["components"]
    folder = ledger_dir / ".git/opsledger/_root/cache/config"
    cache = folder / "inventory.yaml.json"
    assert cache.exists()
    inventory = ledger_dir / "inventory.yaml"
    inventory.write_text("components:\n  only/this: {kind: host}\n1: numeric key\n")
    fresh = Ledger.open(ledger_dir, commit=False)
    assert list(fresh.ws.inventory_data["components"]) == ["only/this"]
    assert fresh.ws.inventory_data[1] == "numeric key"  # not JSON-safe: read, never cached
    assert not cache.exists()
    config = folder / "opsledger.yaml.json"
    Ledger.open(ledger_dir, commit=False).ws.config_data  # noqa: B018 - fills the cache
    config.write_text("{not json")
    assert Ledger.open(ledger_dir, commit=False).ws.config_data["name"] == "acme-ops"


def test_each_configuration_file_is_cached_and_read_on_its_own(ledger_dir: Path) -> None:
    folder = ledger_dir / ".git/opsledger/_root/cache/config"
    ws = Ledger.open(ledger_dir, commit=False).ws
    assert ws.config_data["name"] == "acme-ops"
    assert ws.people_data["people"]
    assert sorted(p.name for p in folder.iterdir()) == [
        "opsledger.yaml.json",
        "people.yaml.json",
    ]
    # A broken inventory cache cannot matter to a command that reads only the others.
    (folder / "inventory.yaml.json").write_text("{not json")
    again = Ledger.open(ledger_dir, commit=False).ws
    assert again.config_data["name"] == "acme-ops"
    assert (folder / "inventory.yaml.json").read_text() == "{not json"
    assert "aws/eu-west-1/prod/db/pg-07" in again.inventory_data["components"]
    assert "pg-07" in (folder / "inventory.yaml.json").read_text()
