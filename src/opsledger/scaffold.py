"""``opsledger init``: a new ledger with config, people, inventory and policy skeletons."""

from __future__ import annotations

import shutil
from pathlib import Path

from opsledger.model.errors import Conflict
from opsledger.resources import data_dir
from opsledger.store.git import Git
from opsledger.store.paths import CONFIG_FILE
from opsledger.store.workspace import Workspace

_MODELINE = "# yaml-language-server: $schema={up}.opsledger/schemas/{kind}.schema.json\n"

_FILES: dict[str, tuple[str, str]] = {
    CONFIG_FILE: (
        "config",
        """version: 1
name: {name}
timezone: {timezone}
ids: {{task: T, change: CHG, window: W}}
signing: optional                 # required: every opsledger commit must be signed
encryption:
  rules: []                       # e.g. {{path: "**", recipients: [team:sre]}}
secret_fields: []
checks: {{}}                        # e.g. {{OL105: warning, OL402: ignore}}
""",
    ),
    "people.yaml": (
        "people",
        """people: {{}}
#  olivia:
#    name: Olivia Chen
#    email: olivia@example.com
#    teams: [sre]
#    signing_keys: ["ssh-ed25519 AAAA... olivia@laptop"]
teams: {{}}
bots: {{}}
""",
    ),
    "inventory.yaml": (
        "inventory",
        """# Components, keyed by their full path: provider/region/env/role/host
components: {{}}
""",
    ),
    "policies/sla.yaml": ("sla", "policies: {{}}\n"),
    "policies/escalation.yaml": ("escalation", "policies: {{}}\n"),
    "policies/oncall.yaml": ("oncall", "rotations: {{}}\noverrides: []\n"),
    "policies/alerts.yaml": (
        "alerts",
        """severity_map: {{critical: critical, warning: high, info: low}}
defaults: {{type: incident, dedup_key: "{{{{ fingerprint }}}}"}}
rules: []
during_maintenance: attach
""",
    ),
    "policies/billing.yaml": ("billing", "currency: EUR\nclients: {{}}\nlocks: []\n"),
}


def init_ledger(root: Path, *, name: str, timezone: str, commit: bool) -> list[Path]:
    """Write the skeleton into ``root`` (inside a git work tree) and commit it once."""
    if (root / CONFIG_FILE).exists():
        raise Conflict(f"{root / CONFIG_FILE} already exists; this is a ledger already")
    root.mkdir(parents=True, exist_ok=True)
    git = Git.discover(root)
    workspace = Workspace(root.resolve(), git, commit=commit)
    written: list[Path] = []
    with workspace.transaction("ledger", "init", name, "create a new ledger") as tx:
        for relpath, (kind, body) in _FILES.items():
            up = "../" * relpath.count("/")
            path = workspace.paths.root / relpath
            tx.write(
                path, _MODELINE.format(up=up, kind=kind) + body.format(name=name, timezone=timezone)
            )
            written.append(path)
        for folder in ("tasks", "windows", "templates/commands"):
            keep = workspace.paths.root / folder / ".gitkeep"
            tx.write(keep, "")
            written.append(keep)
        schemas = workspace.paths.root / ".opsledger" / "schemas"
        for source in sorted(data_dir("schemas").glob("*.schema.json")):
            target = schemas / source.name
            tx.write(target, source.read_text(encoding="utf-8"))
            written.append(target)
    shutil.rmtree(workspace.paths.cache, ignore_errors=True)
    return written
