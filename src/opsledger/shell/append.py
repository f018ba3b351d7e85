"""Append command entries to one task in one commit: lean checks, text splice, verify.

Everything position-dependent (the output file's number, the key path a ciphertext is
bound to) is decided under the ledger lock, once the current list length is known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from opsledger.model.errors import Location, ValidationFailed
from opsledger.model.ids import new_entry_id
from opsledger.shell.entries import CommandRecord, build_entry
from opsledger.shell.redact import Encrypt, Redactor
from opsledger.shell.splice import splice_commands
from opsledger.store.fastload import load_fast
from opsledger.store.records import find_task, load_data
from opsledger.store.textsplice import stamp_updated
from opsledger.store.workspace import Transaction, Workspace


@dataclass
class Prepared:
    """A command ready to append: text already redacted, output maybe spilled to a file."""

    record: CommandRecord
    redactor: Redactor | None = None
    spill: Path | None = None


@dataclass
class Appended:
    task_id: str
    entries: list[dict[str, Any]]
    path: Path


def append_commands(
    ws: Workspace,
    fragment: str,
    items: Sequence[Prepared],
    *,
    verb: str,
    summary: str,
    encrypt: Encrypt | None = None,
    skip_existing: bool = False,
) -> Appended:
    """Append ``items`` to the task; with ``skip_existing`` an item whose ``at`` and ``cmd``
    are already recorded is left out (re-importing a history adds nothing twice). An
    item without ``at`` is stamped now."""
    task_id, path = find_task(ws, fragment)
    relpath = ws.paths.rel(path)
    with ws.transaction("cmd", verb, task_id, summary) as tx:
        tx.touch_id(task_id)
        data, text = load_data(ws, path)
        raw: Any = data.get("commands") or []
        if not isinstance(raw, list):
            raise ValidationFailed("commands must be a list", Location(relpath))
        existing: list[Any] = raw  # pyright: ignore[reportUnknownVariableType]
        seen: set[tuple[Any, Any]] = set()
        for old in existing:
            if isinstance(old, dict):
                known = cast(dict[str, Any], old)
                seen.add((known.get("at"), known.get("cmd")))
                # An item without a time of its own (untimed history) is seen by its text.
                seen.add((None, known.get("cmd")))
        now = ws.timestamp()
        entries: list[dict[str, Any]] = []
        for item in items:
            record = item.record
            if skip_existing and (record.at, record.cmd) in seen:
                continue
            index = len(existing) + len(entries)
            if item.redactor is not None and item.redactor.keys:
                record.redacted = item.redactor.redacted_map(encrypt, task_id, f"commands[{index}]")
            entry_id = new_entry_id()
            if item.spill is not None:
                record.output_file = _place_output(ws, tx, task_id, index + 1, entry_id, item.spill)
            entries.append(build_entry(record, now, entry_id))
        if entries:
            tx.write(path, _new_text(text, data, existing, entries, now, relpath))
    return Appended(task_id, entries, path)


def _place_output(
    ws: Workspace, tx: Transaction, task_id: str, number: int, entry_id: str, spill: Path
) -> str:
    folder = ws.paths.root / "outputs" / task_id
    target = folder / f"{number}.log"
    if target.exists():  # a merged branch already used this number
        target = folder / f"{number}-{entry_id}.log"
    folder.mkdir(parents=True, exist_ok=True)
    tx.delete(target)  # remembers that the file did not exist: a rollback removes it
    import shutil  # only a spilled output pays for it (shutil imports bz2 and lzma)

    shutil.move(spill, target)  # a rename, unless the git dir is on another file system
    return ws.paths.rel(target)


def _new_text(
    text: str,
    data: dict[str, Any],
    existing: list[Any],
    entries: list[dict[str, Any]],
    now: str,
    relpath: str,
) -> str:
    expected = {**data, "commands": [*existing, *entries], "updated": now}
    spliced = splice_commands(text, entries)
    if spliced is not None:
        spliced = stamp_updated(spliced, now)
    if spliced is not None and load_fast(spliced, relpath) == expected:
        return spliced
    # A layout the splice does not handle: the round-trip editor, slower but general.
    from opsledger.store.yamlio import YamlDocument

    doc = YamlDocument.parse(text, relpath)
    for entry in entries:
        doc.append(["commands"], entry)
    doc.set(["updated"], now)
    result = doc.dump()
    if load_fast(result, relpath) != expected:  # pragma: no cover - a ruamel defect
        raise ValidationFailed("appending the commands would change other data", Location(relpath))
    return result
