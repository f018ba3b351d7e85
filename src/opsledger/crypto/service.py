"""SecretService: what ``ledger.secrets`` offers, mirroring ``opsledger secret …``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opsledger.crypto.codec import Codec, binding_of
from opsledger.crypto.editing import Revealed, reveal, seal
from opsledger.crypto.envelope import Plain, is_encrypted, value_type
from opsledger.crypto.errors import SecretError
from opsledger.crypto.fieldpath import format_path, may_encrypt, parse_path
from opsledger.crypto.files import resolve_target
from opsledger.crypto.recipients import RecipientSet, Rules
from opsledger.crypto.rotate import Progress, RotateReport, rotate_files
from opsledger.model.errors import NotFound, UsageError
from opsledger.store.paths import CONFIG_FILE
from opsledger.store.records import check_task, load_data, read_document
from opsledger.store.workspace import Transaction, Workspace

if TYPE_CHECKING:
    from opsledger.store.checking import Finding
    from opsledger.store.yamlio import YamlDocument

ALLOWED = "secrets.*, labels.*, x-*, redacted.*, free text, or a secret_fields pattern"


@dataclass(frozen=True)
class RuleView:
    """One rule for ``secret recipients``."""

    path: str
    recipients: list[str]
    holders: list[str]
    fingerprint: str | None
    missing: list[str]
    problem: str | None = None


class SecretService:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    @cached_property
    def codec(self) -> Codec:
        return Codec(Rules(self.ws.config_data, self.ws.people_data), self.ws.env)

    @property
    def secret_fields(self) -> list[str]:
        patterns: list[Any] = list(self.ws.config_data.get("secret_fields") or [])
        return [str(p) for p in patterns]

    # --- single values -------------------------------------------------------------
    def set(self, target: str, field: str, value: Plain) -> bool:
        """Encrypt ``value`` into ``field``; False when it already held this plaintext."""
        path, relpath = resolve_target(self.ws, target)
        keypath = parse_path(field)
        if not may_encrypt(keypath, relpath, self.secret_fields):
            raise UsageError(f"{relpath}: {field} may not be encrypted (allowed: {ALLOWED})")
        value_type(value)
        with self.ws.transaction("secret", "set", _target_name(relpath, path), field) as tx:
            doc = read_document(self.ws, path)
            at = binding_of(relpath, doc.plain())
            old = self._old(doc, relpath, at, keypath)
            sealed = self.codec.keep_or_encrypt(relpath, at, keypath, value, old)
            if old is not None and sealed == old[0]:
                return False
            doc.set(keypath, sealed)
            if relpath.startswith("tasks/"):
                doc.set(["updated"], self.ws.timestamp())
            text = doc.dump()
            if relpath.startswith("tasks/"):
                check_task(self.ws, doc.plain(), relpath, text)
            if at != relpath:
                tx.touch_id(at)
            tx.write(path, text)
        return True

    def _old(self, doc: Any, relpath: str, at: str, keypath: tuple[str | int, ...]) -> Any:
        try:
            current = doc.get(keypath)
        except (KeyError, IndexError, TypeError):
            return None
        if not is_encrypted(current):
            return None
        try:
            return (str(current), self.codec.decrypt(relpath, at, keypath, str(current)))
        except SecretError:
            return None  # unreadable or damaged: the new value replaces it

    def get(self, target: str, field: str) -> Plain:
        """The plaintext of one value (a value that is not encrypted is returned as is)."""
        path, relpath = resolve_target(self.ws, target)
        keypath = parse_path(field)
        data, _text = load_data(self.ws, path)
        value: Any = data
        try:
            for part in keypath:
                value = value[part]
        except (KeyError, IndexError, TypeError):
            raise NotFound(f"{relpath}: no field {format_path(keypath)}") from None
        if not is_encrypted(value):
            if isinstance(value, str | int | float | bool):
                return value
            raise UsageError(f"{relpath}: {field} is not a single value")
        return self.codec.decrypt(relpath, binding_of(relpath, data), keypath, value)

    # --- editing -------------------------------------------------------------------
    def reveal(self, path: Path, text: str) -> Revealed:
        return reveal(self.codec, self.ws.paths.rel(path), text)

    def seal(self, revealed: Revealed, edited: str) -> str:
        return seal(self.codec, revealed, edited, self.secret_fields)

    # --- bulk ----------------------------------------------------------------------
    def rotate(self, *, only_stale: bool = False, progress: Progress | None = None) -> RotateReport:
        """Re-encrypt every value (or only stale ones) for today's recipients: one commit."""
        with self.ws.transaction("secret", "rotate", "batch") as tx:
            # The joined inner transaction names the verb: a batch commit's subject is
            # built from the actions recorded inside it.
            with self.ws.transaction("secret", "rotate", "batch"):
                report = rotate_files(
                    self.ws, tx, self.codec, only_stale=only_stale, progress=progress
                )
            tx.summary = f"{report.values} values in {len(report.files)} files"
        return report

    def scan(self, paths: Sequence[str | Path] | None = None) -> list[Finding]:
        """The OL3xx checks on ``paths`` (default: every ledger YAML file)."""
        from opsledger.crypto.scan import scan_files

        return scan_files(self.ws, paths)

    # --- recipients ----------------------------------------------------------------
    def recipients(self) -> list[RuleView]:
        rules = self.codec.rules
        views: list[RuleView] = []
        for glob, names in rules.rules:
            try:
                resolved: RecipientSet = rules.resolve(glob, names)
            except SecretError as exc:
                views.append(RuleView(glob, names, [], None, [], str(exc)))
                continue
            views.append(
                RuleView(
                    glob, names, resolved.holders(), resolved.fingerprint, list(resolved.missing)
                )
            )
        return views

    def recipients_for(self, relpath: str) -> RecipientSet:
        return self.codec.rules.for_path(relpath)

    def add_recipient(self, recipient: str, glob: str = "**") -> RotateReport:
        from opsledger.crypto.ruleedit import add_recipient

        return self._change_rules("add", recipient, lambda doc: add_recipient(doc, recipient, glob))

    def remove_recipient(self, recipient: str, glob: str | None = None) -> RotateReport:
        from opsledger.crypto.ruleedit import remove_recipient

        return self._change_rules(
            "remove", recipient, lambda doc: bool(remove_recipient(doc, recipient, glob))
        )

    def _change_rules(
        self, verb: str, recipient: str, change: Callable[[YamlDocument], bool]
    ) -> RotateReport:
        """Rewrite the rules, then re-encrypt whatever they now send elsewhere: one commit."""
        config = self.ws.paths.root / CONFIG_FILE
        # The joined inner transaction names the verb of the batch commit.
        with (
            self.ws.transaction("secret", f"recipients-{verb}", "batch", recipient) as tx,
            self.ws.transaction("secret", f"recipients-{verb}", "batch"),
        ):
            return self._apply_rules(tx, config, change)

    def _apply_rules(
        self, tx: Transaction, config: Path, change: Callable[[YamlDocument], bool]
    ) -> RotateReport:
        doc = read_document(self.ws, config)
        if not change(doc):
            return RotateReport()
        tx.write(config, doc.dump())
        self.ws.forget("config_data", "config")
        self.__dict__.pop("codec", None)
        # Fail before anything is re-encrypted if the new rules do not resolve.
        for view in self.recipients():
            if view.problem:
                raise SecretError(view.problem)
        return rotate_files(self.ws, tx, self.codec, only_stale=True)


def _target_name(relpath: str, path: Path) -> str:
    stem = path.name.rsplit(".", 1)[0]
    return stem if relpath.startswith(("tasks/", "windows/")) else relpath
