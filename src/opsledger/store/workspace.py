"""One open ledger: its paths, git, clock, configuration, and the write transaction.

Features receive a Workspace; only ``ledger.py`` builds one. Every mutating
operation runs inside ``transaction()``: lock → read → modify → write → commit,
and a failure anywhere restores the files it had touched (DESIGN 4).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Generator
from contextlib import contextmanager, suppress
from datetime import datetime, tzinfo
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opsledger.model.clock import Clock, SystemClock
from opsledger.model.errors import GitError, ParseError
from opsledger.model.plain import mapping, sequence
from opsledger.model.timestamps import format_timestamp, load_zone
from opsledger.store.atomic import fsync_directory, replace_file, write_atomic
from opsledger.store.blobs import BlobPacker
from opsledger.store.confcache import ConfigCache, is_missing
from opsledger.store.git import Git, format_message
from opsledger.store.lock import ledger_lock
from opsledger.store.paths import CONFIG_FILE, LedgerPaths

if TYPE_CHECKING:
    from opsledger.model.config import Config
    from opsledger.model.inventory import Inventory
    from opsledger.model.people import People


class Transaction:
    """The files one mutating command touched, and how to put them back."""

    def __init__(
        self,
        workspace: Workspace,
        noun: str,
        verb: str,
        target: str,
        summary: str,
        actions: list[tuple[str, str]] | None = None,
    ) -> None:
        self.workspace, self.noun, self.verb = workspace, noun, verb
        self.target, self.summary = target, summary
        self.originals: dict[Path, bytes | None] = {}
        self.ids: list[str] = []
        self.actions: list[tuple[str, str]] = actions if actions is not None else []
        self.directories: set[Path] = set()
        self._known_ids: set[str] = set()
        self._made: set[str] = set()
        self._packer: BlobPacker | None = None

    def __repr__(self) -> str:
        return f"Transaction({self.noun} {self.verb} {self.target})"

    def _remember(self, path: Path) -> int | None:
        """Keep the original for rollback; return the mode of the file there now (None:
        none). One stat tells a new file, so a batch of new tasks reads nothing back."""
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except FileNotFoundError:
            self.originals.setdefault(path, None)
            return None
        if path not in self.originals:
            self.originals[path] = path.read_bytes()
        return mode

    def write(self, path: Path, text: str) -> None:
        """Atomic and durable once the transaction syncs its directories: the file is at
        its final path, complete, when this returns."""
        mode = self._remember(path)
        target = os.fspath(path)
        directory = os.path.dirname(target) or "."
        if directory not in self._made:
            os.makedirs(directory, exist_ok=True)
            self._made.add(directory)
            self.directories.add(path.parent)
        payload = text.encode("utf-8")
        replace_file(target, payload, mode)
        if self.workspace.commit_enabled:
            if self._packer is None:
                self._packer = BlobPacker(self.workspace.git)
            self._packer.add(payload)

    def pack_blobs(self) -> None:
        """Wait until the blobs of what was written are in git (or left to staging)."""
        if self._packer is not None:
            self._packer.finish()

    def sync(self) -> None:
        """The renames survive a power loss once their directories are fsynced: once each."""
        for directory in self.directories:
            fsync_directory(directory)

    def delete(self, path: Path) -> None:
        self._remember(path)
        path.unlink(missing_ok=True)

    def touch_id(self, record_id: str) -> None:
        if record_id not in self._known_ids:
            self._known_ids.add(record_id)
            self.ids.append(record_id)

    def rollback(self) -> None:
        # The files first: a second Ctrl-C while a pack is being written must not cost
        # the restore. Stray packed blobs are garbage for git gc, no harm.
        try:
            for path, content in self.originals.items():
                if content is None:
                    path.unlink(missing_ok=True)
                else:
                    write_atomic(path, content)
        finally:
            if self._packer is not None:
                with suppress(Exception):
                    self._packer.finish(pack_rest=False)

    @property
    def paths(self) -> list[Path]:
        return list(self.originals)


class Workspace:
    def __init__(
        self,
        root: Path,
        git: Git,
        *,
        clock: Clock | None = None,
        commit: bool = True,
        env: dict[str, str] | None = None,
    ) -> None:
        self.git = git
        self.paths = LedgerPaths(root=root, toplevel=git.toplevel, git_dir=git.git_dir)
        self.clock: Clock = clock or SystemClock()
        self.commit_enabled = commit
        self.env = dict(os.environ) if env is None else env
        self._active: Transaction | None = None
        self._lock_depth = 0

    # --- configuration ------------------------------------------------------------
    def load_yaml(self, relpath: str) -> tuple[Any, str | None]:
        """Fast-load a ledger file; (None, None) when it does not exist."""
        path = self.paths.root / relpath
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None, None
        from opsledger.store.fastload import load_fast

        return load_fast(text, relpath), text

    @cached_property
    def _config_cache(self) -> ConfigCache:
        return ConfigCache(self.paths.cache / "config")

    def _mapping(self, relpath: str) -> tuple[dict[str, Any], str | None]:
        """A configuration file as a dict, from the stat-keyed cache when it is fresh."""
        path = self.paths.root / relpath
        cache = self._config_cache
        cached = cache.get(relpath, path)
        if not is_missing(cached) and isinstance(cached, dict):
            return cached, None  # pyright: ignore[reportUnknownVariableType]
        data, text = self.load_yaml(relpath)
        if data is None:
            return {}, text
        if not isinstance(data, dict):
            raise ParseError(f"{relpath}: the file must hold a mapping")
        cache.put(relpath, path, data)
        return data, text  # pyright: ignore[reportUnknownVariableType]

    def _text(self, relpath: str) -> str | None:
        try:
            return (self.paths.root / relpath).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    # Raw data serves the lean paths (task new, list, show) that must not pay for
    # importing pydantic; the models below are built on first use.
    @cached_property
    def config_data(self) -> dict[str, Any]:
        return self._mapping(CONFIG_FILE)[0]

    @cached_property
    def people_data(self) -> dict[str, Any]:
        return self._mapping("people.yaml")[0]

    @cached_property
    def inventory_data(self) -> dict[str, Any]:
        return self._mapping("inventory.yaml")[0]

    @cached_property
    def config(self) -> Config:
        from opsledger.model.config import Config
        from opsledger.store.modelcheck import validate_model

        data, _ = self._mapping(CONFIG_FILE)
        return validate_model(Config, data, CONFIG_FILE, self._text(CONFIG_FILE))

    @cached_property
    def people(self) -> People:
        from opsledger.model.people import People
        from opsledger.store.modelcheck import validate_model

        data, _ = self._mapping("people.yaml")
        return validate_model(People, data, "people.yaml", self._text("people.yaml"))

    @cached_property
    def inventory(self) -> Inventory:
        from opsledger.model.inventory import Inventory
        from opsledger.store.modelcheck import validate_model

        data, _ = self._mapping("inventory.yaml")
        return validate_model(Inventory, data, "inventory.yaml", self._text("inventory.yaml"))

    def forget(self, *names: str) -> None:
        """Drop cached configuration after a command rewrote it."""
        for name in names:
            self.__dict__.pop(name, None)

    @cached_property
    def zone(self) -> tzinfo:
        name = self.config_data.get("timezone", "UTC")
        try:
            return load_zone(str(name))
        except ValueError as exc:
            raise ParseError(f"{CONFIG_FILE}: {exc}") from None

    def id_prefix(self, kind: str) -> str:
        default = {"task": "T", "change": "CHG", "window": "W"}[kind]
        return str(mapping(self.config_data.get("ids")).get(kind, default))

    @property
    def signing_required(self) -> bool:
        return self.config_data.get("signing") == "required"

    def person_by_email(self, email: str) -> str | None:
        wanted = email.strip().lower()
        for name, person in mapping(self.people_data.get("people")).items():
            if str(mapping(person).get("email", "")).lower() == wanted:
                return name
        return None

    # --- time and identity --------------------------------------------------------------
    def now(self) -> datetime:
        return self.clock.now()

    def timestamp(self, moment: datetime | None = None) -> str:
        return format_timestamp(moment or self.now(), self.zone)

    def me(self) -> str | None:
        """``OPSLEDGER_USER``, else git ``user.email`` matched against people.yaml."""
        explicit = self.env.get("OPSLEDGER_USER")
        if explicit:
            return explicit
        email = self.git.user_email()
        return self.person_by_email(email) if email else None

    def actor(self) -> str:
        """Who an event is attributed to: me, else the raw git email, else 'unknown'."""
        return self.me() or self.git.user_email() or "unknown"

    @property
    def active_transaction(self) -> Transaction | None:
        return self._active

    # --- writing ----------------------------------------------------------------------
    @contextmanager
    def locked(self) -> Generator[None, None, None]:
        if self._lock_depth:
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
            return
        with ledger_lock(self.paths.lock_file):
            self._lock_depth = 1
            try:
                yield
            finally:
                self._lock_depth = 0

    @contextmanager
    def transaction(
        self, noun: str, verb: str, target: str, summary: str = ""
    ) -> Generator[Transaction, None, None]:
        """Lock, collect writes, then commit them as one commit; nested calls join the outer one."""
        if self._active is not None:
            self._active.actions.append((noun, verb))
            yield self._active
            return
        with self.locked():
            if self.commit_enabled:
                self.git.check_ready()
            tx = Transaction(self, noun, verb, target, summary, actions=[(noun, verb)])
            self._active = tx
            try:
                yield tx
                tx.sync()
                tx.pack_blobs()
                self._commit(tx)
            except BaseException:
                tx.rollback()
                raise
            finally:
                self._active = None

    def _commit(self, tx: Transaction) -> None:
        if not self.commit_enabled or not tx.originals:
            return
        changed = [p for p, old in tx.originals.items() if _differs(p, old)]
        if not changed:
            return
        nouns = {noun for noun, _ in tx.actions[1:]} or {tx.noun}
        actions = {f"{n}.{v}" for n, v in tx.actions[1:]} or {f"{tx.noun}.{tx.verb}"}
        noun = tx.noun if tx.target != "batch" else (nouns.pop() if len(nouns) == 1 else "ledger")
        action = actions.pop() if len(actions) == 1 else f"{noun}.batch"
        verbs = {v for _, v in tx.actions[1:]}
        verb = tx.verb if tx.target != "batch" else (verbs.pop() if len(verbs) == 1 else "update")
        message = format_message(noun, tx.target, verb, tx.summary, action=action, ids=tx.ids)
        sign = True if self.signing_required else None
        signers = self.allowed_signers() if sign else None
        self.git.wait_for_index_lock()
        try:
            self.git.commit(changed, message, sign=sign, allowed_signers=signers)
        except BaseException:  # a Ctrl-C in git too: the restored files must not stay staged
            self._unstage(changed)
            raise

    def _unstage(self, paths: list[Path]) -> None:
        with suppress(GitError):  # best effort; the files are restored anyway
            self.git.run(
                "--literal-pathspecs", "reset", "-q", "--", *[str(p) for p in paths], check=False
            )

    def allowed_signers(self) -> Path:
        """``allowed_signers`` derived from people.yaml into cache/ (DESIGN 4)."""
        lines: list[str] = []
        for group in ("people", "bots"):
            for value in mapping(self.people_data.get(group)).values():
                member = mapping(value)
                if member.get("email"):
                    keys = sequence(member.get("signing_keys"))
                    lines.extend(f"{member['email']} {key}" for key in keys)
        target = self.paths.cache / "allowed_signers"
        target.parent.mkdir(parents=True, exist_ok=True)
        content = "\n".join(lines) + "\n"
        if not target.exists() or target.read_text(encoding="utf-8") != content:
            write_atomic(target, content)
        return target


def _differs(path: Path, old: bytes | None) -> bool:
    if old is None:  # a new file: no need to read it back
        return os.path.exists(path)
    try:
        return path.read_bytes() != old
    except FileNotFoundError:
        return True
