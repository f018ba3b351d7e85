from __future__ import annotations

from opsledger.model.base import Priority
from opsledger.model.fields import PRIORITIES, TASK_FIELDS, TASK_TYPES
from opsledger.model.task import Task, TaskType


def test_plain_field_lists_match_the_models() -> None:
    assert set(TASK_FIELDS) == set(Task.model_fields)
    assert tuple(p.value for p in Priority) == PRIORITIES
    assert tuple(t.value for t in TaskType) == TASK_TYPES
