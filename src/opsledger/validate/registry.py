"""The core checks, by stable id; features add theirs through ``ledger.checks()``.

Ids never change meaning once released; docs/checks.md is the catalogue.
"""

from __future__ import annotations

from collections.abc import Iterator

from opsledger.store.checking import CheckContext, CheckFunction, CheckSpec, Finding
from opsledger.validate import check_base, check_cycles, check_ids, check_refs, check_times
from opsledger.validate.context import ValidationContext


def _loaded(check: str) -> CheckFunction:
    """Findings of the load stage (parsing and models run once per file, possibly in a
    worker process); the spec is what makes them configurable like any other check."""

    def run(ctx: CheckContext) -> Iterator[Finding]:
        assert isinstance(ctx, ValidationContext)
        yield from ctx.loaded_findings.get(check, [])

    return run


CORE_CHECKS: list[CheckSpec] = [
    CheckSpec("OL100", "yaml-syntax", "error", "the file is not acceptable YAML", _loaded("OL100")),
    CheckSpec(
        "OL101",
        "unknown-component",
        "error",
        "a component reference matches nothing in inventory.yaml",
        check_refs.components,
    ),
    CheckSpec(
        "OL102", "schema", "error", "a value does not match the file's schema", _loaded("OL102")
    ),
    CheckSpec(
        "OL103", "unknown-key", "error", "a key the schema does not know (not x-)", _loaded("OL103")
    ),
    CheckSpec(
        "OL104",
        "id-mismatch",
        "error",
        "the id differs from the file name or prefix",
        check_ids.id_mismatch,
    ),
    CheckSpec(
        "OL105",
        "decommissioned-component",
        "warning",
        "an open record names a decommissioned component",
        check_refs.components_retired,
    ),
    CheckSpec(
        "OL106", "duplicate-id", "error", "two files carry the same id", check_ids.duplicate_ids
    ),
    CheckSpec(
        "OL107", "unknown-person", "error", "a person or bot not in people.yaml", check_refs.people
    ),
    CheckSpec("OL108", "unknown-team", "error", "a team not in people.yaml", check_refs.teams),
    CheckSpec(
        "OL109",
        "unknown-record",
        "error",
        "a task, change or window id with no file",
        check_refs.records,
    ),
    CheckSpec(
        "OL110",
        "dependency-cycle",
        "error",
        "depends_on leads back to the task",
        check_cycles.dependency_cycles,
    ),
    CheckSpec(
        "OL111",
        "timestamp-order",
        "error",
        "lifecycle timestamps run backwards",
        check_times.timestamp_order,
    ),
    CheckSpec(
        "OL112",
        "duplicate-entry-id",
        "error",
        "two entries of one list share an id",
        check_ids.duplicate_entry_ids,
    ),
    CheckSpec(
        "OL199", "check-crashed", "error", "a check failed unexpectedly (a bug)", lambda ctx: ()
    ),
    CheckSpec(
        "OL201",
        "status-unreachable",
        "error",
        "the new status cannot be reached from the base status",
        check_base.status_reachable,
    ),
    CheckSpec(
        "OL202",
        "append-only",
        "error",
        "a commands or events entry was edited or deleted",
        check_base.append_only,
    ),
    CheckSpec(
        "OL203",
        "created-changed",
        "error",
        "created differs from the base",
        check_base.unchanged("created", "OL203"),
    ),
    CheckSpec(
        "OL204",
        "id-changed",
        "error",
        "the id differs from the base",
        check_base.unchanged("id", "OL204"),
    ),
    CheckSpec(
        "OL205",
        "id-reused",
        "error",
        "a new record reuses the id of a deleted one",
        check_base.id_reused,
    ),
]
