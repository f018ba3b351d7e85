"""Storms: more than ``max_new`` new tasks of one group within ``within`` get one parent
incident; every further new task of the group (and those of the same batch before it)
becomes its child, a plain task, so the team works one incident instead of fifty."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from opsledger.alerts.normal import Alert, utc_text
from opsledger.model.ids import derived_record_id

if TYPE_CHECKING:
    from opsledger.alerts.ingest import Batch

_RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1}


class StormTracker:
    def __init__(self, batch: Batch) -> None:
        self.batch = batch
        self.groups: dict[str, list[str]] = {}  # group → new task ids of this batch
        self.parents: dict[str, str] = {}  # group → parent id, when storming

    def new_task(self, alert: Alert, task_id: str) -> None:
        policy = self.batch.policy.storm
        if policy is None:
            return
        max_new, within, group_by = policy
        group = ",".join(f"{g}={alert.labels.get(g, '')}" for g in group_by)
        self.groups.setdefault(group, []).append(task_id)
        count, record = self.batch.counters.storm(group, self.batch.now, within)
        if count <= max_new:
            return
        if record.get("parent") is None:
            first = datetime.fromtimestamp(record.get("first", self.batch.now.timestamp()), UTC)
            record["parent"] = derived_record_id(self.batch.prefix, "storm", group, utc_text(first))
        self.parents[group] = str(record["parent"])

    def finish(self) -> None:
        """Create (or widen) each parent and link this batch's children of the group."""
        for group, parent_id in self.parents.items():
            children = [c for c in self.groups[group] if c != parent_id]
            parent = self.batch._existing(parent_id)  # pyright: ignore[reportPrivateUsage]
            if parent is None:
                parent = self.batch.new_target(parent_id, self._parent_data(parent_id, group))
                self.batch.report.storms.append(parent_id)
            for child_id in children:
                child = self.batch.targets[child_id]
                child.set(["parent"], parent_id)
                child.set(["type"], "task")
                rank = _RANK.get(str(child.get(["priority"])), 2)
                if rank > _RANK.get(str(parent.get(["priority"])), 2):
                    parent.set(["priority"], child.get(["priority"]))
            if parent.is_new:
                count = len(children)
                parent.set(
                    ["description"],
                    f"{count} new alerts of {group} in this storm; "
                    "see the tasks whose parent is this incident.\n",
                )

    def _parent_data(self, parent_id: str, group: str) -> dict[str, object]:
        batch = self.batch
        return {
            "id": parent_id,
            "title": f"Alert storm: {group}"[:200],
            "type": "incident",
            "status": "open",
            "priority": "high",
            "tags": ["alert-storm"],
            "created": batch.stamp,
        }
