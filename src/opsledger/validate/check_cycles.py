"""OL110 dependency-cycle: ``depends_on`` must not lead back to the task itself."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from opsledger.store.checking import CheckContext, Finding
from opsledger.validate.context import ValidationContext
from opsledger.validate.discover import record_id_of
from opsledger.validate.values import texts


def _edges(ctx: ValidationContext, task_id: str, graph: dict[str, list[str]]) -> list[str]:
    if task_id not in graph:
        # On the fast path the other tasks are loaded only when a chain reaches them.
        graph[task_id] = [dep for _i, dep in texts(ctx.record(task_id), "depends_on")]
    return graph[task_id]


def _cycle_from(ctx: ValidationContext, start: str, graph: dict[str, list[str]]) -> list[str]:
    """The shortest chain start → … → start, or [] when there is none."""
    previous: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for dep in _edges(ctx, node, graph):
            if dep == start:
                chain = [node]
                while chain[-1] != start:
                    chain.append(previous[chain[-1]])
                return [*reversed(chain), start]
            if dep not in previous and dep != start:
                previous[dep] = node
                queue.append(dep)
    return []


def dependency_cycles(ctx: CheckContext) -> Iterator[Finding]:
    assert isinstance(ctx, ValidationContext)
    graph: dict[str, list[str]] = {}
    for f in ctx.of_kind("task"):
        task_id = record_id_of(f.relpath)
        graph[task_id] = [dep for _i, dep in texts(f.data, "depends_on")]
    on_cycle: set[str] = set()
    for f in ctx.of_kind("task"):
        task_id = record_id_of(f.relpath)
        if not ctx.wanted(f.relpath) or not graph[task_id] or task_id in on_cycle:
            continue
        chain = _cycle_from(ctx, task_id, graph)
        if not chain:
            continue
        on_cycle.update(chain)
        index = next(i for i, dep in texts(f.data, "depends_on") if dep == chain[1])
        yield ctx.finding(
            "OL110",
            f.relpath,
            ["depends_on", index],
            "dependency cycle: " + " → ".join(chain),
            "remove one depends_on link of the cycle",
        )
