"""``example-repo/`` stays valid: every file against its model, every task's references."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from opsledger.model.config import Config
from opsledger.model.inventory import Inventory
from opsledger.model.people import People
from opsledger.model.policies import POLICY_MODELS, CommandTemplate
from opsledger.model.window import Window
from opsledger.store.fastload import load_fast
from opsledger.store.modelcheck import validate_model

EXAMPLE = Path(__file__).resolve().parent.parent / "example-repo"


def _files() -> list[tuple[str, type[BaseModel]]]:
    found: list[tuple[str, type[BaseModel]]] = [
        ("opsledger.yaml", Config),
        ("people.yaml", People),
        ("inventory.yaml", Inventory),
    ]
    found += [
        (f"policies/{p.name}", POLICY_MODELS[p.name])
        for p in sorted(EXAMPLE.glob("policies/*.yaml"))
    ]
    found += [
        (p.relative_to(EXAMPLE).as_posix(), Window) for p in sorted(EXAMPLE.glob("windows/*.yaml"))
    ]
    found += [
        (p.relative_to(EXAMPLE).as_posix(), CommandTemplate)
        for p in sorted(EXAMPLE.glob("templates/commands/*.yaml"))
    ]
    return found


@pytest.mark.parametrize(("relpath", "model"), _files())
def test_file_validates(relpath: str, model: type[BaseModel]) -> None:
    text = (EXAMPLE / relpath).read_text(encoding="utf-8")
    validate_model(model, load_fast(text, relpath), relpath, text)


def test_every_task_validates_with_its_references() -> None:
    from opsledger.ledger import Ledger
    from opsledger.store.records import check_task

    ledger = Ledger.open(EXAMPLE, commit=False)
    paths = sorted((EXAMPLE / "tasks").rglob("T-*.yaml"))
    assert len(paths) >= 40
    statuses: set[str] = set()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        relpath = path.relative_to(EXAMPLE).as_posix()
        task = check_task(ledger.ws, load_fast(text, relpath), relpath, text)
        statuses.add(task.status)
    assert statuses == {"open", "assigned", "in_progress", "blocked", "done", "cancelled"}


def test_the_inventory_is_a_realistic_size() -> None:
    inventory = Inventory.model_validate(
        load_fast((EXAMPLE / "inventory.yaml").read_text(), "inventory.yaml")
    )
    assert 50 <= len(inventory.components) <= 80
    people = People.model_validate(load_fast((EXAMPLE / "people.yaml").read_text(), "people.yaml"))
    assert len(people.people) >= 8 and len(people.teams) >= 2 and people.bots
