"""Field names and enum values as plain data, for the paths that must not import pydantic.

A test keeps these equal to the pydantic models.
"""

from __future__ import annotations

PRIORITIES = ("critical", "high", "medium", "low")
TASK_TYPES = ("task", "incident")

# In the order new task files are written.
TASK_FIELDS = (
    "id", "title", "type", "status", "priority", "category", "assignee", "team", "components",
    "client", "project", "parent", "depends_on", "change", "window", "due", "tags", "labels",
    "created", "updated", "assigned_at", "started_at", "resolved_at", "resolution", "sla",
    "source", "description", "secrets", "commands", "time", "events",
)  # fmt: skip
