"""A batch of normalised alerts → task files → ONE commit (DESIGN 4).

New tasks are written by the emitter (no ruamel); only tasks that already exist are
edited round-trip. A new task's content depends only on the alert, so two receivers
that see the same alert write the same file and their branches merge cleanly.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property
from typing import Any

from opsledger.alerts import lifecycle
from opsledger.alerts.counters import Counters
from opsledger.alerts.keyindex import KeyIndex, dedup_name
from opsledger.alerts.maintenance import Lookup, MaintenanceCheck, attach
from opsledger.alerts.normal import Alert, obj
from opsledger.alerts.policy import Policy
from opsledger.alerts.report import Report
from opsledger.alerts.rules import Plan, plan
from opsledger.alerts.storm import StormTracker
from opsledger.alerts.target import Target
from opsledger.model.fields import TASK_FIELDS
from opsledger.model.ids import derived_record_id
from opsledger.store.bulkwrite import write_many
from opsledger.store.emit import emit_document
from opsledger.store.workspace import Workspace

MODELINE = "yaml-language-server: $schema=../.opsledger/schemas/task.schema.json"


class Batch:
    def __init__(self, ws: Workspace, policy: Policy, *, maintenance: Lookup | None = None) -> None:
        self.ws = ws
        self.policy = policy
        self.maintenance = None
        if maintenance is not None and policy.during_maintenance != "open":
            self.maintenance = MaintenanceCheck(maintenance)
        self.now = ws.now()
        self.stamp = ws.timestamp(self.now)
        self.prefix = ws.id_prefix("task")
        self.keys = KeyIndex(ws)
        self.task_dir = ws.paths.record_dir("task")
        self.counters = Counters.load(ws)
        self.targets: dict[str, Target] = {}
        self.report = Report()
        self.components: list[str] = list(obj(ws.inventory_data.get("components")))
        self.people = ws.people_data
        self.storm = StormTracker(self)
        self._files: dict[str, Any] | None = None

    @cached_property
    def by(self) -> str:
        return self.ws.actor()  # a git process: only when an event needs it

    # --- targets ------------------------------------------------------------------------
    def _task_files(self) -> dict[str, Any]:
        if self._files is None:
            from opsledger.store.records import task_files

            self._files = dict(task_files(self.ws))
        return self._files

    def _existing(self, task_id: str) -> Target | None:
        if task_id in self.targets:
            return self.targets[task_id]
        path = self._task_files().get(task_id)
        if path is None:
            return None
        from opsledger.store.records import read_document

        target = Target(task_id, path, doc=read_document(self.ws, path))
        self.targets[task_id] = target
        return target

    def _exists(self, task_id: str) -> bool:
        return task_id in self.targets or task_id in self._task_files()

    def new_target(self, task_id: str, data: dict[str, Any]) -> Target:
        path = self.task_dir / f"{task_id}.yaml"
        target = Target(task_id, path, data=data)
        self.targets[task_id] = target
        self.report.created.append(task_id)
        return target

    # --- alerts -------------------------------------------------------------------------
    def add(self, alert: Alert) -> None:
        self.report.received += 1
        p = plan(alert, self.policy, self.components, self.people)
        self.report.notices.extend(p.notices)
        if p.drop:
            self.report.dropped += 1
            return
        name = dedup_name(alert.source, p.key)
        task_id = self.keys.get(name)
        target = self._existing(task_id) if task_id else None
        if alert.status == "firing":
            if target is not None:
                lifecycle.repeat(self, target, alert)
            else:
                self._fire(alert, p, name)
        elif target is not None:
            lifecycle.resolve(self, target, alert, p, name)
        else:
            self.counters.clear(name)
            self.report.notices.append(f"{p.key[:40]}: resolved, no open task")
        self._flap(alert, name)

    def _fire(self, alert: Alert, p: Plan, name: str) -> None:
        if alert.starts is None:  # a source without a start: the time we heard of it
            alert = replace(alert, starts=self.now.replace(microsecond=0))
        task_id = derived_record_id(self.prefix, alert.source, p.key, alert.starts_utc)
        if self._exists(task_id):
            # The same alert instance again (a resend, a replayed journal) after its task
            # was closed: nothing new to record.
            self.report.deduplicated += 1
            return
        occurrences = 1
        if p.threshold is not None:
            occurrences = self.counters.occur(name, self.now, p.threshold[1])
            if occurrences < p.threshold[0]:
                self.report.pending += 1
                return
            self.counters.clear(name)
        fields = dict(p.fields)
        window = None
        if self.maintenance is not None:
            components = [str(c) for c in fields.get("components", [])]
            window = self.maintenance.active(components, alert.starts or self.now)
            if window is not None:
                if self.policy.during_maintenance == "suppress":
                    self.report.suppressed += 1
                    return
                attach(fields, window)
                self.report.attached += 1
        data = self._new_data(task_id, alert, p.key, fields, occurrences)
        self.new_target(task_id, data)
        self.keys.put(name, task_id)
        if window is None:  # expected noise of planned work is no storm
            self.storm.new_task(alert, task_id)

    def _new_data(
        self, task_id: str, alert: Alert, key: str, fields: dict[str, Any], occurrences: int
    ) -> dict[str, Any]:
        start = self.ws.timestamp(alert.starts)
        data: dict[str, Any] = {"id": task_id, "status": "open", "created": start, **fields}
        if data.get("assignee"):
            data.update(status="assigned", assigned_at=start)
        source: dict[str, Any] = {"adapter": alert.source, "key": key}
        source.update(fingerprint=alert.fingerprint, labels=dict(sorted(alert.labels.items())))
        last = start if occurrences == 1 else self.stamp
        source.update(first_seen=start, last_seen=last, occurrences=occurrences, state="firing")
        data["source"] = source
        return data

    def _flap(self, alert: Alert, name: str) -> None:
        if self.policy.flapping is None:
            return
        limit, within = self.policy.flapping
        changes = self.counters.transition(name, alert.status, self.now, within)
        task_id = self.keys.get(name)
        target = self._existing(task_id) if task_id else None
        if changes > limit and target is not None and target.get(["labels", "flapping"]) is None:
            target.set(["labels", "flapping"], "true")
            self.report.flapping.append(target.task_id)
            # An existing task here was repeated or resolved just now: already "updated".

    # --- writing ------------------------------------------------------------------------
    def write(self, mark: str = "") -> Report:
        """Write every touched task and commit them as one commit; save the local state."""
        self.storm.finish()
        report = self.report
        if self.targets:
            summary = report.summary() + (f" [{mark}]" if mark else "")
            with self.ws.transaction("alert", "ingest", "batch", summary) as tx:
                tx.actions.append(("alert", "ingest"))
                known = set(tx.ids)  # touch_id scans a list: quadratic for a storm
                tx.ids.extend(t for t in self.targets if t not in known)
                write_many(tx, [(t.path, self._text(t)) for t in self.targets.values()])
            self.keys.save()
            if self.ws.commit_enabled:
                report.commit = self.ws.git.head()
        self.counters.save(self.ws)
        return report

    def _text(self, target: Target) -> str:
        if target.doc is not None:
            target.doc.set(["updated"], self.stamp)
            return target.doc.dump()
        assert target.data is not None
        data = {key: target.data[key] for key in TASK_FIELDS if key in target.data}
        return emit_document(data, header=MODELINE)
