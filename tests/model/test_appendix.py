"""The models accept exactly the shapes of DESIGN Appendix A (copied into appendix/)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from opsledger.model.config import Config
from opsledger.model.inventory import Inventory
from opsledger.model.people import People
from opsledger.model.policies import POLICY_MODELS, CommandTemplate
from opsledger.model.task import Task
from opsledger.model.window import Window
from opsledger.store.fastload import load_fast

HERE = Path(__file__).parent / "appendix"
CASES: dict[str, type[BaseModel]] = {
    "config.yaml": Config,
    "people.yaml": People,
    "inventory.yaml": Inventory,
    "T-3kq9f2xw.yaml": Task,
    "W-7h2k9mqa.yaml": Window,
    "pg-restart.yaml": CommandTemplate,
    **{name: model for name, model in POLICY_MODELS.items()},
}


def _load(name: str) -> dict[str, object]:
    data = load_fast((HERE / name).read_text(encoding="utf-8"), name)
    assert isinstance(data, dict)
    return data  # pyright: ignore[reportUnknownVariableType]


@pytest.mark.parametrize("name", sorted(CASES))
def test_appendix_example_validates(name: str) -> None:
    CASES[name].model_validate(_load(name))


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_unknown_key_is_refused_but_x_keys_pass(name: str) -> None:
    data = _load(name)
    CASES[name].model_validate({**data, "x-team-note": "kept"})
    with pytest.raises(ValidationError) as caught:
        CASES[name].model_validate({**data, "bogus": 1})
    assert any(
        e["type"] == "extra_forbidden" and e["loc"] == ("bogus",) for e in caught.value.errors()
    )


def test_task_fields_are_typed() -> None:
    task = Task.model_validate(_load("T-3kq9f2xw.yaml"))
    assert task.commands[1].redacted == {"1": "ENC[age,v1,r=1a2b3c4d,YWdlLWVuY3J5cHRpb24u]"}
    assert task.events[0].model_extra == {"from": "assigned", "to": "in_progress"}
    assert task.source is not None and task.source.occurrences == 3
    assert task.time[0].billable is True


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": "finished"}, "Input should be"),
        ({"created": "yesterday"}, "timestamp"),
        ({"id": "T-3KQ9F2XW"}, "pattern"),
        (
            {"time": [{"id": "t4h8wz", "start": "2026-11-20T10:15:00+01:00", "who": "x"}]},
            "end or minutes",
        ),
    ],
)
def test_bad_task_values(change: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Task.model_validate({**_load("T-3kq9f2xw.yaml"), **change})


def test_window_needs_exactly_one_length_and_one_rule() -> None:
    base = _load("W-7h2k9mqa.yaml")
    with pytest.raises(ValidationError, match="either end or duration"):
        Window.model_validate({**base, "end": "2026-12-06T02:00:00+01:00"})
    with pytest.raises(ValidationError, match="not both"):
        Window.model_validate({**base, "cron": "0 22 * * 6"})
    no_duration = {k: v for k, v in base.items() if k not in ("duration", "recurrence")}
    with pytest.raises(ValidationError, match="cron window needs a duration"):
        Window.model_validate(
            {**no_duration, "end": "2026-12-06T02:00:00+01:00", "cron": "0 22 * * 6"}
        )


def test_config_checks_timezone_and_check_ids() -> None:
    base = _load("config.yaml")
    with pytest.raises(ValidationError, match="unknown timezone"):
        Config.model_validate({**base, "timezone": "Mars/Olympus"})
    with pytest.raises(ValidationError, match="not a check id"):
        Config.model_validate({**base, "checks": {"E501": "ignore"}})


def test_people_helpers() -> None:
    people = People.model_validate(_load("people.yaml"))
    assert people.team_members("dba") == ["olivia"]
    assert people.team_capacity("sre") == 2
    assert people.team_capacity("dba") == 1
    assert people.by_email("OLIVIA@example.com") == "olivia"
    assert people.by_email("nobody@example.com") is None
