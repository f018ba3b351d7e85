"""The command API: ``ledger.commands.add/capture/set_exit/flush/import_history/…``.

Nothing here runs a command: opsledger records what people ran.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from opsledger.model.errors import NotFound, UsageError
from opsledger.shell.append import Appended, Prepared, append_commands
from opsledger.shell.entries import CommandRecord
from opsledger.shell.redact import Encrypt
from opsledger.shell.settings import inline_max, new_redactor, redaction_rules
from opsledger.store.records import edit_task, find_task, load_data
from opsledger.store.workspace import Workspace


def _summary(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= 60 else line[:57] + "..."


class CommandService:
    def __init__(self, ws: Workspace, encrypt: Encrypt | None = None) -> None:
        self.ws = ws
        # The seam for the secrets feature: (record id, key path, plaintext) → ENC[...].
        self.encrypt = encrypt

    def add(
        self,
        fragment: str,
        cmd: str,
        *,
        exit: int | None = None,
        at: datetime | None = None,
        duration: float | None = None,
        cwd: str | None = None,
        host: str | None = None,
        user: str | None = None,
        output: str | None = None,
        output_file: str | None = None,
        template: str | None = None,
        params: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """Record a command that was already run; returns the entry written.

        With ``template`` the text is the rendered template (``cmd`` is ignored)."""
        if template is not None:
            from opsledger.shell.templates import render_template

            cmd = render_template(self.ws, template, params or {})
        if output_file is not None and not (self.ws.paths.root / output_file).is_file():
            raise NotFound(f"--output-file {output_file}: no such file in the ledger")
        redactor = new_redactor(redaction_rules(self.ws))
        record = CommandRecord(
            cmd=redactor.redact(cmd),
            at=self.ws.timestamp(at) if at is not None else None,
            exit=exit,
            duration=duration,
            cwd=cwd,
            host=host,
            user=user if user is not None else self.ws.me(),
            output=redactor.redact(output) if output is not None else None,
            output_file=output_file,
            template=template,
        )
        return self._append_one(fragment, Prepared(record, redactor), "add")

    def capture(
        self,
        fragment: str,
        cmd: str,
        *,
        source_fd: int = 0,
        sink_fd: int | None = 1,
        exit: int | None = None,
        keep_ansi: bool = False,
        cwd: str | None = None,
        host: str | None = None,
    ) -> dict[str, Any]:
        """Tee ``source_fd`` to ``sink_fd`` and record ``cmd`` with that output."""
        from opsledger.shell.capture import tee
        from opsledger.shell.outputs import OutputCollector

        find_task(self.ws, fragment)  # fail before reading a byte
        redactor = new_redactor(redaction_rules(self.ws))
        spill_dir = self.ws.paths.state / "shell"
        collector = OutputCollector(inline_max(self.ws), spill_dir, redactor, keep_ansi=keep_ansi)
        result = tee(source_fd, sink_fd, collector)
        out = result.output
        record = CommandRecord(
            cmd=redactor.redact(cmd),
            exit=exit,
            cwd=cwd,
            host=host,
            user=self.ws.me(),
            output=out.text if out.total else None,
            interrupted=result.interrupted,
        )
        try:
            return self._append_one(fragment, Prepared(record, redactor, out.spill), "capture")
        finally:
            collector.discard()

    def set_exit(self, fragment: str, code: int) -> dict[str, Any]:
        """Fill in the exit status of the task's last command (``cmd exit``)."""
        task_id, path = find_task(self.ws, fragment)
        data, _ = load_data(self.ws, path)
        commands: Any = data.get("commands") or []
        if not commands:
            raise NotFound(f"{task_id} has no commands to set an exit status on")
        with edit_task(
            self.ws, task_id, "cmd", "exit", f"status of the last command: {code}"
        ) as edit:
            index = len(edit.doc.get(["commands"])) - 1
            edit.doc.set(["commands", index, "exit"], code)
        entry: dict[str, Any] = dict(edit.doc.plain()["commands"][-1])
        return entry

    def flush(self, fragment: str | None = None) -> list[Appended]:
        from opsledger.shell.flush import flush_spool

        return flush_spool(self.ws, fragment, encrypt=self.encrypt)

    def import_history(
        self,
        fragment: str,
        shell: str,
        *,
        file: Path | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        grep: str | None = None,
    ) -> Appended:
        from opsledger.shell.importer import import_history

        return import_history(
            self.ws, fragment, shell, file=file, since=since, until=until, grep=grep,
            encrypt=self.encrypt,
        )  # fmt: skip

    def log(self, fragment: str | None = None) -> list[dict[str, Any]]:
        """Every recorded command (of one task, or all) in time order, with ``task``."""
        from opsledger.shell.log import command_log

        return command_log(self.ws, fragment)

    def spool_path(self) -> Path:
        from opsledger.shell.spool import ensure_spool

        return ensure_spool(self.ws.paths.state)

    def template_names(self) -> list[str]:
        from opsledger.shell.templates import template_files

        return list(template_files(self.ws))

    def template(self, name: str) -> dict[str, Any]:
        from opsledger.shell.templates import load_template

        return load_template(self.ws, name).model_dump(exclude_defaults=True)

    def render(self, name: str, params: Mapping[str, str]) -> str:
        from opsledger.shell.templates import render_template

        return render_template(self.ws, name, params)

    def _append_one(self, fragment: str, item: Prepared, verb: str) -> dict[str, Any]:
        if not item.record.cmd.strip():
            raise UsageError("an empty command records nothing; give the command text")
        done = append_commands(
            self.ws, fragment, [item], verb=verb, summary=_summary(item.record.cmd),
            encrypt=self.encrypt,
        )  # fmt: skip
        return done.entries[0]
