#!/usr/bin/env python3
"""Generate the reference benchmark corpus: a large, realistic, valid opsledger ledger.

    python3 bench/gen_corpus.py --tasks 10000 --commands 100000 --windows 1000 --seed 1 OUT

Standard library only (no PyYAML, no opsledger import), so it runs with any Python >= 3.11.
The YAML is written as text by a tiny emitter: free text is always double-quoted (JSON
escaping is valid YAML), multi-line text uses literal blocks, and only identifier-like
strings that no YAML 1.1 or 1.2 resolver can read as anything else are left plain.
Timestamps and dates are written plain, as in DESIGN Appendix A; opsledger's loaders keep
them as strings.

Deterministic: the same arguments give byte-identical files. Everything random comes from
one ``random.Random(seed)``; "now" is fixed at 2026-11-21T12:00:00+01:00; nothing iterates
over a set or depends on the clock. See bench/README.md.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from bisect import bisect_left
from datetime import UTC, date, datetime, timedelta
from random import Random
from zoneinfo import ZoneInfo

TZ_NAME = "Europe/Berlin"
TZ = ZoneInfo(TZ_NAME)
NOW = datetime(2026, 11, 21, 12, 0, 0, tzinfo=TZ)
NOW_S = int(NOW.timestamp())
CORPUS_START_S = int(datetime(2025, 6, 1, 0, 0, 0, tzinfo=TZ).timestamp())
CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
MIN, HOUR, DAY = 60, 3600, 86400

# Top-level entries the generator owns; --force removes exactly these before writing.
OWNED = (
    "opsledger.yaml",
    "people.yaml",
    "inventory.yaml",
    "policies",
    "tasks",
    "windows",
    "templates",
    "outputs",
)

# ----------------------------------------------------------------------------------------
# YAML text emitter
# ----------------------------------------------------------------------------------------
_PLAIN_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_./+-]*\Z")
# Words YAML 1.1 (and 1.2 core) resolve to bool/null; compared case-insensitively.
_RESERVED = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def q(text: str) -> str:
    """A scalar that reads back as exactly this string under YAML 1.1 and 1.2."""
    if _PLAIN_RE.match(text) and text.lower() not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


def dq(text: str) -> str:
    """Always double-quoted (free text)."""
    return json.dumps(text, ensure_ascii=False)


def flow_list(items: list[str]) -> str:
    return "[" + ", ".join(q(i) for i in items) + "]"


def flow_map(pairs: list[tuple[str, str]]) -> str:
    """Pairs of (key, already-rendered value)."""
    return "{" + ", ".join(f"{q(k)}: {v}" for k, v in pairs) + "}"


def literal(text: str, indent: int) -> str:
    """A literal block scalar (``|``) for text ending in one newline, content at ``indent``.

    The header is written after ``key: ``; the block's parent is indented ``indent - 2``.
    """
    lines = text.rstrip("\n").split("\n")
    header = "|2" if lines[0].startswith(" ") else "|"
    pad = " " * indent
    return header + "\n" + "".join((pad + line + "\n") if line else "\n" for line in lines)


def fnum(value: float) -> str:
    """A float that YAML 1.1 and 1.2 both read as a float (always with a dot, no exponent)."""
    return f"{max(value, 0.001):.3f}"


# ----------------------------------------------------------------------------------------
# Time and ids
# ----------------------------------------------------------------------------------------
def ts(epoch: int) -> str:
    """``YYYY-MM-DDTHH:MM:SS+01:00`` with the Europe/Berlin offset of that instant."""
    return datetime.fromtimestamp(epoch, TZ).isoformat()


def local(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, TZ)


def ts_utc(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def b32(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        chars.append(CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(chars))


class Ids:
    """Unique random record ids per prefix."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.used: dict[str, set[str]] = {}

    def new(self, prefix: str) -> str:
        used = self.used.setdefault(prefix, set())
        while True:
            rid = f"{prefix}-{b32(self.rng.getrandbits(40), 8)}"
            if rid not in used:
                used.add(rid)
                return rid

    def claim(self, rid: str) -> bool:
        used = self.used.setdefault(rid.split("-", 1)[0], set())
        if rid in used:
            return False
        used.add(rid)
        return True


def entry_id(rng: Random, used: set[str]) -> str:
    while True:
        eid = b32(rng.getrandbits(30), 6)
        if eid not in used:
            used.add(eid)
            return eid


# ----------------------------------------------------------------------------------------
# Keys (public halves only, random: nobody holds the private keys)
# ----------------------------------------------------------------------------------------
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _bech32_polymod(values: list[int]) -> int:
    gen = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for v in values:
        top = chk >> 25
        chk = ((chk & 0x1FFFFFF) << 5) ^ v
        for i in range(5):
            if (top >> i) & 1:
                chk ^= gen[i]
    return chk


def age_recipient(rng: Random) -> str:
    """A syntactically valid age X25519 recipient (every 32-byte string is a valid key)."""
    raw = rng.getrandbits(256).to_bytes(32, "big")
    acc, bits, data = 0, 0, []
    for byte in raw:
        acc = (acc << 8) | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            data.append((acc >> bits) & 31)
    if bits:
        data.append((acc << (5 - bits)) & 31)
    hrp = "age"
    values = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + data
    polymod = _bech32_polymod([*values, 0, 0, 0, 0, 0, 0]) ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_BECH32[d] for d in data + checksum)


def ssh_ed25519(rng: Random, comment: str) -> str:
    blob = b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + rng.getrandbits(256).to_bytes(32, "big")
    return f"ssh-ed25519 {base64.b64encode(blob).decode()} {comment}"


# ----------------------------------------------------------------------------------------
# Static world: people, teams, clients, inventory shape
# ----------------------------------------------------------------------------------------
FIRST_NAMES = [
    "olivia",
    "marcus",
    "priya",
    "jonas",
    "aisha",
    "tomasz",
    "lena",
    "felix",
    "sofia",
    "mehmet",
    "hannah",
    "tobias",
    "leila",
    "mei",
    "david",
    "anna",
    "kwame",
    "elena",
    "niklas",
    "yuki",
    "jan",
    "fatima",
    "paul",
    "ingrid",
    "omar",
    "clara",
    "mateo",
    "nora",
    "stefan",
    "ben",
    "ravi",
    "greta",
    "tom",
    "zara",
    "erik",
    "julia",
    "samuel",
    "ines",
    "viktor",
    "maja",
]
LAST_NAMES = [
    "Chen",
    "Weber",
    "Raman",
    "Becker",
    "Okafor",
    "Nowak",
    "Hoffmann",
    "Braun",
    "Rossi",
    "Yılmaz",
    "Schmidt",
    "Fischer",
    "Haddad",
    "Lin",
    "Cohen",
    "Kowalski",
    "Mensah",
    "Petrova",
    "Müller",
    "Tanaka",
    "de Vries",
    "Benali",
    "Martin",
    "Øverby",
    "Farouk",
    "Dubois",
    "García",
    "Lindqvist",
    "Wagner",
    "Adler",
    "Iyer",
    "Sørensen",
    "Keller",
    "Ahmed",
    "Johansson",
    "Krüger",
    "Mendes",
    "Costa",
    "Novak",
    "Zieliński",
]
TEAMS = {  # name -> (display name, capacity or None = member count)
    "sre": ("Site reliability", 4),
    "dba": ("Databases", 2),
    "network": ("Network", 2),
    "platform": ("Platform & Kubernetes", 3),
    "storage": ("Storage & backup", None),
    "security": ("Security operations", 1),
}
TEAM_SIZES = {"sre": 10, "dba": 6, "network": 6, "platform": 9, "storage": 5, "security": 4}
ROLE_TITLES = {
    "sre": "SRE",
    "dba": "DBA",
    "network": "Network engineer",
    "platform": "Platform engineer",
    "storage": "Storage engineer",
    "security": "Security engineer",
}

CLIENTS = {  # key -> (name, projects {key: (name, billable, rate override)}, default rate)
    "acme": (
        "ACME GmbH",
        {
            "OPS-42": ("Platform operations (monthly retainer)", True, None),
            "ACME-K8S": ("EKS upgrade programme", True, 135),
            "ACME-MIG": ("Datacenter exit", True, 130),
            "ACME-AUDIT": ("ISO 27001 access reviews", True, None),
        },
        120,
    ),
    "globex": (
        "Globex Corporation",
        {
            "GX-RUN": ("Managed hosting run", True, None),
            "GX-DB": ("MariaDB and PostgreSQL upgrades", True, None),
            "GX-SEC": ("Security and access requests", True, None),
            "GX-ONBOARD": ("Onboarding (not billed)", False, None),
        },
        110,
    ),
    "initech": (
        "Initech Inc.",
        {
            "INI-OPS": ("24x7 operations", True, None),
            "INI-DR": ("Disaster recovery tests", True, 125),
        },
        115,
    ),
    "umbrella": (
        "Umbrella Health AG",
        {
            "UMB-RUN": ("Managed platform", True, None),
            "UMB-COMP": ("Compliance evidence", True, None),
            "UMB-PILOT": ("Pilot (fixed price)", False, None),
        },
        125,
    ),
    "hooli": (
        "Hooli Europe B.V.",
        {
            "HOO-OPS": ("Operations", True, None),
            "HOO-K8S": ("AKS migration", True, 140),
        },
        130,
    ),
}
DOMAINS = {
    "acme": ["shop.acme.example", "api.acme.example", "www.acme.example"],
    "globex": ["portal.globex.example", "api.globex.example"],
    "initech": ["tps.initech.example", "www.initech.example"],
    "umbrella": ["app.umbrella.example", "fhir.umbrella.example", "www.umbrella.example"],
    "hooli": ["hooli.example", "search.hooli.example"],
    None: [
        "status.opsledger.example",
        "grafana.ops.example",
        "vault.ops.example",
        "git.ops.example",
    ],
}

# provider, region/site, env, client (None = our own), size factor
DEPLOYMENTS = [
    ("aws", "eu-west-1", "prod", "acme", 1.0),
    ("aws", "eu-west-1", "staging", "acme", 0.3),
    ("aws", "eu-central-1", "prod", "globex", 0.8),
    ("aws", "eu-central-1", "dev", "globex", 0.2),
    ("aws", "us-east-1", "prod", "initech", 0.6),
    ("gcp", "europe-west3", "prod", "umbrella", 0.6),
    ("gcp", "europe-west3", "staging", "umbrella", 0.2),
    ("azure", "westeurope", "prod", "hooli", 0.5),
    ("hetzner", "fsn1", "prod", None, 0.7),
    ("hetzner", "nbg1", "prod", "acme", 0.4),
    ("onprem", "dc1", "prod", None, 0.9),
    ("onprem", "dc2", "prod", None, 0.5),
]
# role -> (host prefix, kind, owning team, base count, tags, service unit, port)
ROLES = {
    "db": ("pg", "database", "dba", 12, ["postgres", "patroni"], "postgresql@16-main", 5432),
    "mysql": ("mysql", "database", "dba", 4, ["mariadb"], "mariadb", 3306),
    "web": ("web", "vm", "platform", 26, ["nginx"], "nginx", 443),
    "k8s": ("node", "k8s-node", "platform", 55, ["kubernetes"], "kubelet", 10250),
    "lb": ("lb", "loadbalancer", "network", 4, ["haproxy", "tls"], "haproxy", 443),
    "cache": ("redis", "cache", "sre", 6, ["redis"], "redis-server", 6379),
    "mq": ("kafka", "queue", "sre", 6, ["kafka"], "kafka", 9092),
    "storage": ("ceph", "storage", "storage", 10, ["ceph"], "ceph-osd@3", 6800),
    "backup": ("backup", "backup", "storage", 3, ["restic"], "restic-backup.timer", 8000),
    "monitoring": ("prom", "monitoring", "sre", 3, ["prometheus"], "prometheus", 9090),
    "bastion": ("bastion", "vm", "security", 2, ["ssh"], "sshd", 22),
    "vault": ("vault", "vm", "security", 3, ["vault"], "vault", 8200),
    "ci": ("runner", "vm", "platform", 8, ["gitlab-runner"], "gitlab-runner", 8093),
    "mail": ("mx", "vm", "sre", 2, ["postfix"], "postfix", 25),
    "dns": ("ns", "dns", "network", 2, ["bind"], "named", 53),
}
NONPROD_ROLES = ("db", "mysql", "web", "k8s", "lb", "cache", "mq", "monitoring", "bastion", "ci")
ONPREM_ONLY = ("storage", "mail", "dns")
NET_DEVICES = [
    ("core-sw", "network", 4),
    ("tor-sw", "network", 20),
    ("fw", "firewall", 2),
    ("pdu", "power", 12),
]


# ----------------------------------------------------------------------------------------
# The generator
# ----------------------------------------------------------------------------------------
class Component:
    __slots__ = (
        "client",
        "crit",
        "decom",
        "deploy",
        "description",
        "env",
        "group",
        "host",
        "ip",
        "kind",
        "labels",
        "path",
        "port",
        "provider",
        "region",
        "role",
        "service",
        "tags",
        "team",
    )

    def __init__(self, **kw: object) -> None:
        for key in self.__slots__:
            setattr(self, key, kw.get(key))


class Corpus:
    def __init__(
        self, seed: int, n_tasks: int, n_commands: int, n_windows: int, n_components: int
    ) -> None:
        self.r = Random(seed)
        self.seed = seed
        self.n_tasks = n_tasks
        self.n_commands = n_commands
        self.n_windows = n_windows
        self.n_components = n_components
        self.ids = Ids(self.r)
        self.files: list[tuple[str, str]] = []  # (relative path, text)

    # -- people ---------------------------------------------------------------------------
    def make_people(self) -> None:
        r = self.r
        self.people: dict[str, dict[str, object]] = {}
        names = list(FIRST_NAMES)
        slots: list[str] = []
        for team, size in TEAM_SIZES.items():
            slots += [team] * size
        # 40 people, 40 primary team slots; some people also join a second team.
        r.shuffle(slots)
        lasts = list(LAST_NAMES)
        r.shuffle(lasts)
        for i, key in enumerate(names):
            teams = [slots[i]]
            if r.random() < 0.2:
                other = r.choice(sorted(TEAMS))
                if other not in teams:
                    teams.append(other)
            self.people[key] = {"name": f"{key.capitalize()} {lasts[i]}", "teams": teams}
        self.members: dict[str, list[str]] = {t: [] for t in TEAMS}
        for key, person in self.people.items():
            for team in person["teams"]:
                self.members[team].append(key)
        self.leads = {t: m[0] for t, m in self.members.items()}
        self.everyone = list(self.people)

        out = [
            "# People, teams and bots of the benchmark ledger (bench/gen_corpus.py).",
            "# Keys are random public halves; nobody holds the private keys.",
            "people:",
        ]
        zones = ["Europe/London", "Europe/Lisbon", "Asia/Kolkata", "America/New_York"]
        for key, person in self.people.items():
            teams = person["teams"]
            role = ROLE_TITLES[teams[0]]
            if self.leads.get(teams[0]) == key:
                role = f"Team lead, {TEAMS[teams[0]][0]}"
            elif r.random() < 0.3:
                role = f"Senior {role}"
            out.append(f"  {key}:")
            out.append(f"    name: {dq(person['name'])}")
            out.append(f"    email: {key}@example.com")
            out.append(f"    role: {dq(role)}")
            out.append(f"    teams: {flow_list(teams)}")
            if r.random() < 0.1:
                out.append(f"    timezone: {r.choice(zones)}")
            keys = [ssh_ed25519(r, f"{key}@laptop")]
            if r.random() < 0.15:
                keys.append(ssh_ed25519(r, f"{key}@yubikey"))
            out.append(f"    signing_keys: [{', '.join(dq(k) for k in keys)}]")
            out.append(f"    age: {age_recipient(r)}")
        out.append("teams:")
        for team, (title, cap) in TEAMS.items():
            if cap is None:
                out.append(f"  {team}: {{name: {dq(title)}}}    # capacity = member count")
            else:
                out.append(f"  {team}: {{name: {dq(title)}, capacity: {cap}}}")
        out.append("bots:")
        for bot, title, host in (
            ("ci", "CI pipeline", "build-runner"),
            ("alerts", "Alert receiver", "receiver"),
        ):
            out.append(f"  {bot}:")
            out.append(f"    name: {dq(title)}")
            out.append(f"    email: {bot}@example.com")
            out.append(f"    signing_keys: [{dq(ssh_ed25519(r, f'{bot}@{host}'))}]")
            out.append(f"    age: {age_recipient(r)}")
        self.files.append(("people.yaml", "\n".join(out) + "\n"))

    # -- inventory --------------------------------------------------------------------------
    def make_inventory(self) -> None:
        r = self.r
        comps: list[Component] = []
        plan: list[tuple[tuple[str, str, str, str | None, float], str, int]] = []
        for dep in DEPLOYMENTS:
            provider, _region, env, _client, scale = dep
            for role, spec in ROLES.items():
                if env != "prod" and role not in NONPROD_ROLES:
                    continue
                if role in ONPREM_ONLY and provider not in ("onprem", "hetzner"):
                    continue
                plan.append((dep, role, spec[3] * scale))
        net_total = sum(n for _, _, n in NET_DEVICES) * 2
        base = sum(w for _, _, w in plan)
        factor = max(self.n_components - net_total - 12, 50) / base
        for octet, (dep, role, weight) in enumerate(plan, start=1):
            provider, region, env, client, _scale = dep
            prefix, kind, team, _n, tags, service, port = ROLES[role]
            count = max(1, round(weight * factor))
            width = 3 if count > 99 else 2
            for i in range(1, count + 1):
                host = f"{prefix}-{i:0{width}d}"
                if env != "prod":
                    host = f"{prefix}-{env[:3]}-{i:0{width}d}"
                crit = {
                    "prod": r.choice(["high", "high", "medium", "critical"]),
                    "staging": "low",
                    "dev": "low",
                }[env]
                if role in ("db", "lb", "vault") and env == "prod":
                    crit = r.choice(["critical", "high"])
                ctags = list(tags)
                labels: dict[str, str] = {}
                if role == "db":
                    ctags.append("primary" if i % 3 == 1 else "replica")
                if provider == "aws":
                    labels["instance_type"] = r.choice(
                        ["m6i.xlarge", "m6i.2xlarge", "r6i.2xlarge", "c6i.2xlarge", "t3.medium"]
                    )
                elif provider == "onprem":
                    labels["rack"] = f"r{r.randint(1, 24):02d}"
                if r.random() < 0.1:
                    labels["os"] = r.choice(["debian-12", "ubuntu-24.04", "rocky-9"])
                comps.append(
                    Component(
                        path=f"{provider}/{region}/{env}/{role}/{host}",
                        kind=kind,
                        provider=provider,
                        region=region,
                        env=env,
                        role=role,
                        host=host,
                        client=client,
                        team=team,
                        crit=crit,
                        tags=ctags,
                        labels=labels,
                        service=service,
                        port=port,
                        ip=f"10.{(octet // 200) + 10}.{octet % 200}.{i % 250 + 2}",
                        deploy=f"{provider}/{region}/{env}",
                        description=(
                            f"{ROLES[role][1]} {host} in {region}" if r.random() < 0.03 else None
                        ),
                    )
                )
        for site in ("dc1", "dc2"):
            for prefix, kind, count in NET_DEVICES:
                for i in range(1, count + 1):
                    host = f"{prefix}-{i}"
                    comps.append(
                        Component(
                            path=f"onprem/{site}/net/{host}",
                            kind=kind,
                            provider="onprem",
                            region=site,
                            env="prod",
                            role="net",
                            host=host,
                            client=None,
                            team="network" if kind != "power" else "sre",
                            crit="critical" if prefix in ("core-sw", "fw") else "high",
                            tags=[prefix.split("-")[0]],
                            labels={},
                            service=None,
                            port=22,
                            ip=f"10.250.{1 if site == 'dc1' else 2}.{i + 10}",
                            deploy=f"onprem/{site}/net",
                            description=None,
                        )
                    )
        for client, domains in DOMAINS.items():
            for domain in domains[:2]:
                name = domain.replace(".", "-")
                comps.append(
                    Component(
                        path=f"saas/cloudflare/dns/{name}",
                        kind="dns-zone",
                        provider="cloudflare",
                        region="global",
                        env="prod",
                        role="zone",
                        host=name,
                        client=client,
                        team="network",
                        crit="high",
                        tags=["dns", "cloudflare"],
                        labels={},
                        service=None,
                        port=53,
                        ip="203.0.113.10",
                        deploy="saas/cloudflare/dns",
                        description=f"{domain} public zone",
                    )
                )
        # A few decommissioned ones (about 2 %).
        lo = int(datetime(2025, 8, 1, tzinfo=TZ).timestamp())
        hi = int(datetime(2026, 11, 15, tzinfo=TZ).timestamp())
        for comp in comps:
            if comp.role not in ("zone", "net") and r.random() < 0.02:
                when = r.randint(lo, hi)
                comp.decom = (
                    local(when).date().isoformat() if r.random() < 0.7 else ts(when - when % 60)
                )
        self.components = comps
        self.live = [c for c in comps if c.decom is None]
        self.decommissioned = [c for c in comps if c.decom is not None]
        self.by_role: dict[str, list[Component]] = {}
        for comp in self.live:
            self.by_role.setdefault(comp.role, []).append(comp)
        # a group is a component's parent path: <provider>/<region>/<env>/<role> for hosts,
        # onprem/<site>/net for network gear, saas/cloudflare/dns for zones
        self.by_group: dict[str, list[Component]] = {}
        for comp in comps:
            comp.group = comp.path.rsplit("/", 1)[0]
        for comp in self.live:
            self.by_group.setdefault(comp.group, []).append(comp)
        self.by_path = {c.path: c for c in comps}

        out = [
            "# Everything the benchmark ledger runs, keyed by full path:",
            "# <provider>/<region or site>/<env>/<role>/<host>. No client = our own.",
            "components:",
        ]
        for c in comps:
            fields = [
                ("kind", q(c.kind)),
                ("provider", q(c.provider)),
                ("env", q(c.env)),
                ("owner", q(f"team:{c.team}")),
            ]
            if c.client:
                fields.append(("client", q(c.client)))
            fields.append(("criticality", q(c.crit)))
            fields.append(("tags", flow_list(c.tags)))
            if c.labels:
                fields.append(("labels", flow_map([(k, q(v)) for k, v in c.labels.items()])))
            if c.description:
                fields.append(("description", dq(c.description)))
            if c.decom:
                fields.append(("decommissioned", c.decom))
            out.append(f"  {q(c.path)}: {flow_map(fields)}")
        self.files.append(("inventory.yaml", "\n".join(out) + "\n"))

    # -- config and policies ------------------------------------------------------------------
    def make_config_and_policies(self) -> None:
        r = self.r
        self.files.append(
            (
                "opsledger.yaml",
                "\n".join(
                    [
                        "# Benchmark ledger generated by bench/gen_corpus.py; do not edit by hand.",
                        "version: 1",
                        "name: bench-ops",
                        f"timezone: {TZ_NAME}",
                        "ids: {task: T, change: CHG, window: W}",
                        "signing: optional",
                        "encryption:",
                        "  rules:",
                        '    - {path: "changes/**", recipients: ["team:dba", "team:sre", "bot:ci"]}',
                        '    - {path: "**", recipients: ["team:sre", "bot:ci"]}',
                        "checks: {OL105: warning}",
                        "commands:",
                        "  inline_output_max: 16KiB",
                        "  redact_patterns:",
                        '    - "(?i)(password|passwd|secret|token)=\\\\S+"',
                        '    - "PGPASSWORD=\\\\S+"',
                        "time: {on_start_while_running: stop}",
                    ]
                )
                + "\n",
            )
        )

        # billing
        self.rates_people: dict[str, dict[str, int]] = {}
        out = [
            "# Billing: who pays for which hours. Internal work carries no client.",
            "currency: EUR",
            "clients:",
        ]
        for key, (name, projects, rate) in CLIENTS.items():
            out.append(f"  {key}:")
            out.append(f"    name: {dq(name)}")
            out.append("    projects:")
            for pkey, (pname, billable, prate) in projects.items():
                fields = [("name", dq(pname))]
                if prate:
                    fields.append(("rates", flow_map([("default", str(prate))])))
                if not billable:
                    fields.append(("billable", "false"))
                out.append(f"      {q(pkey)}: {flow_map(fields)}")
            rates = [("default", str(rate))]
            for person in r.sample(self.everyone, 3):
                rates.append((person, str(rate + r.choice([10, 15, 20, -10]))))
            out.append(f"    rates: {flow_map(rates)}")
            inc, mode, per = r.choice(
                [
                    ("15m", "up", "entry"),
                    ("6m", "nearest", "day"),
                    ("30m", "up", "entry"),
                    ("1m", "up", "report"),
                ]
            )
            minimum = ", minimum: 15m" if inc == "15m" else ""
            out.append(f"    rounding: {{increment: {inc}, mode: {mode}, per: {per}{minimum}}}")
            out.append(f"    require_project: {'true' if r.random() < 0.6 else 'false'}")
        out.append("locks:")
        for key in CLIENTS:
            out.append(
                f"  - {{client: {key}, until: 2026-10-31T23:59:59+01:00, "
                f"note: {dq('October invoiced')}}}"
            )
        out.append(
            f"  - {{client: acme, until: 2026-09-30T23:59:59+02:00, note: {dq('Q3 closed')}}}"
        )
        self.files.append(("policies/billing.yaml", "\n".join(out) + "\n"))

        # SLA: (type, priority) -> (policy, start_within s, resolve_within s)
        self.sla = {
            ("incident", "critical"): ("incident-critical", 15 * MIN, 4 * HOUR),
            ("incident", "high"): ("incident-high", 30 * MIN, 8 * HOUR),
            ("incident", "medium"): ("incident-medium", 4 * HOUR, 2 * DAY),
            ("incident", "low"): ("incident-low", DAY, 5 * DAY),
            ("task", "critical"): ("task-critical", 4 * HOUR, 3 * DAY),
            ("task", "high"): ("task-high", 2 * DAY, 14 * DAY),
        }
        self.files.append(
            (
                "policies/sla.yaml",
                "\n".join(
                    [
                        "# Response and resolution targets; the stamp is fixed on the task at creation.",
                        "policies:",
                        "  incident-critical: {match: {type: incident, priority: critical}, start_within: 15m, "
                        "resolve_within: 4h, warn_at: 75, calendar: 24x7, pause_on: [blocked], "
                        "escalation: critical-path}",
                        "  incident-high: {match: {type: incident, priority: high}, start_within: 30m, "
                        "resolve_within: 8h, warn_at: 75, calendar: 24x7, pause_on: [blocked], "
                        "escalation: standard}",
                        "  incident-medium: {match: {type: incident, priority: medium}, start_within: 4h, "
                        "resolve_within: 2d, calendar: 24x7, pause_on: [blocked], escalation: standard}",
                        "  incident-low: {match: {type: incident, priority: low}, start_within: 1d, "
                        "resolve_within: 5d, warn_at: 90, calendar: 24x7, pause_on: [blocked]}",
                        "  task-critical: {match: {type: task, priority: critical}, start_within: 4h, "
                        "resolve_within: 3d, calendar: 24x7, pause_on: [blocked], escalation: standard}",
                        "  task-high: {match: {type: task, priority: high}, start_within: 2d, "
                        "resolve_within: 2w, calendar: 24x7, pause_on: [blocked]}",
                    ]
                )
                + "\n",
            )
        )
        sre = self.members["sre"]
        dba = self.members["dba"]
        self.files.append(
            (
                "policies/escalation.yaml",
                "\n".join(
                    [
                        "policies:",
                        "  critical-path:",
                        "    levels:",
                        '      - {after: 0m, notify: ["oncall:primary"]}',
                        '      - {after: 15m, notify: ["oncall:secondary", "team:sre"]}',
                        f"      - {{after: 1h, notify: [{self.leads['sre']}]}}",
                        "    repeat: 2",
                        "  standard:",
                        "    levels:",
                        '      - {after: 0m, notify: ["oncall:primary"]}',
                        '      - {after: 1h, notify: ["team:sre"]}',
                        "    repeat: 1",
                    ]
                )
                + "\n",
            )
        )
        self.files.append(
            (
                "policies/oncall.yaml",
                "\n".join(
                    [
                        "rotations:",
                        f'  primary: {{members: {flow_list(sre[:6])}, length: 1w, handoff: "mon 09:00", '
                        f"timezone: {TZ_NAME}, start: 2026-01-05T09:00:00+01:00}}",
                        f'  secondary: {{members: {flow_list(sre[-4:])}, length: 1w, handoff: "mon 09:00", '
                        f"timezone: {TZ_NAME}, start: 2026-01-05T09:00:00+01:00}}",
                        f'  dba: {{members: {flow_list(dba)}, length: 1w, handoff: "mon 09:00", '
                        f"timezone: {TZ_NAME}, start: 2026-01-05T09:00:00+01:00}}",
                        "overrides:",
                        f"  - {{rotation: primary, who: {sre[1]}, start: 2026-12-24T09:00:00+01:00, "
                        f"end: 2026-12-28T09:00:00+01:00, note: {dq('holiday swap')}}}",
                    ]
                )
                + "\n",
            )
        )
        self.files.append(
            (
                "policies/alerts.yaml",
                "\n".join(
                    [
                        "# How alerts become tasks.",
                        "severity_map: {critical: critical, warning: high, info: low}",
                        'defaults: {type: incident, dedup_key: "{{ fingerprint }}", team: sre}',
                        "rules:",
                        '  - match: {alertname: "Disk.*"}',
                        '    title: "{{ labels.alertname }} on {{ labels.instance }}"',
                        '    components: ["{{ labels.instance | host }}"]',
                        "    tags: [disk]",
                        "    threshold: {min_occurrences: 3, within: 10m}",
                        "    auto_resolve: true",
                        '  - match: {alertname: "Postgres.*"}',
                        '    title: "{{ labels.alertname }} on {{ labels.instance }}"',
                        '    components: ["{{ labels.instance | host }}"]',
                        "    team: dba",
                        "    tags: [postgres]",
                        '  - match: {alertname: "CertificateExpiry"}',
                        '    title: "Certificate for {{ labels.domain }} expires soon"',
                        "    type: task",
                        "    priority: high",
                        "    tags: [tls]",
                        '  - match: {alertname: "Watchdog"}',
                        "    drop: true",
                        "storm: {max_new: 20, within: 5m, group_by: [alertname]}",
                        "flapping: {max_transitions: 6, within: 1h}",
                        "during_maintenance: attach",
                    ]
                )
                + "\n",
            )
        )
        templates = {
            "pg-restart": (
                "Restart PostgreSQL on one host",
                {"host": (True, None), "version": (False, "16")},
                "ssh {{ host }} sudo systemctl restart postgresql@{{ version }}-main",
            ),
            "k8s-restart": (
                "Rolling restart of a deployment",
                {"ns": (True, None), "app": (True, None)},
                "kubectl -n {{ ns }} rollout restart deploy/{{ app }}",
            ),
            "cert-check": (
                "Show certificate validity",
                {"domain": (True, None)},
                "openssl s_client -connect {{ domain }}:443 -servername {{ domain }} "
                "</dev/null 2>/dev/null | openssl x509 -noout -dates",
            ),
            "disk-usage": (
                "Largest directories on a mount",
                {"mount": (False, "/var")},
                "sudo du -xh --max-depth=1 {{ mount }} | sort -h | tail -n 8",
            ),
            "run-playbook": (
                "Run one playbook against one host",
                {"env": (True, None), "host": (True, None), "playbook": (False, "patch")},
                "ansible-playbook -i inventories/{{ env }} playbooks/"
                "{{ playbook }}.yml --limit {{ host }}",
            ),
        }
        for name, (desc, params, command) in templates.items():
            lines = [f"name: {name}", f"description: {dq(desc)}", "params:"]
            for pname, (required, default) in params.items():
                fields = [("required", "true" if required else "false")]
                if default is not None:
                    fields.append(("default", dq(default)))
                lines.append(f"  {pname}: {flow_map(fields)}")
            lines.append(f"command: {dq(command)}")
            self.files.append((f"templates/commands/{name}.yaml", "\n".join(lines) + "\n"))

    # -- windows -----------------------------------------------------------------------------
    def make_windows(self) -> None:
        """Window skeletons; written after the tasks, which may link to them."""
        r = self.r
        self.windows: list[dict[str, object]] = []
        groups = sorted(self.by_group)
        sat = {0: 5, 1: 4, 2: 3, 3: 2, 4: 1, 5: 0, 6: 6}  # weekday -> days to next Saturday
        for _ in range(self.n_windows):
            wid = self.ids.new("W")
            u = r.random()
            kind = "maintenance" if u < 0.9 else ("critical" if u < 0.98 else "freeze")
            group = r.choice(groups)
            pool = self.by_group[group]
            dep, role, team = pool[0].deploy, pool[0].role, pool[0].team
            # component references
            refs: list[str] = []
            style = r.random()
            if kind == "freeze":
                refs = [r.choices([f"{dep}/**", f"{dep.split('/')[0]}/**", "**"], [7, 2, 1])[0]]
            elif style < 0.35:
                refs = [f"{group}/**"]
            elif style < 0.55:
                refs = [group]  # plain ancestor id: covers its descendants
            elif style < 0.65:
                refs = [f"*/*/{pool[0].env}/{role}/*"] if role in ROLES else [f"{group}/*"]
            else:
                k = min(len(pool), r.choice([1, 1, 2, 3, 4]))
                refs = [c.path for c in r.sample(pool, k)]
            if r.random() < 0.1 and kind != "freeze":
                refs.append(f"{r.choice(groups)}/**")
            recurring = kind == "maintenance" and r.random() < 0.36
            w: dict[str, object] = {
                "id": wid,
                "kind": kind,
                "team": team,
                "refs": refs,
                "dep": dep,
                "role": role,
                "group": group,
                "tasks": [],
                "linked": 0,
            }
            if recurring:
                rule = r.choices(
                    [
                        "FREQ=WEEKLY;BYDAY=SA",
                        "FREQ=WEEKLY;BYDAY=SU",
                        "FREQ=WEEKLY;BYDAY=TU,TH",
                        "FREQ=MONTHLY;BYDAY=1SA",
                        "FREQ=MONTHLY;BYDAY=-1SU",
                        "FREQ=MONTHLY;BYDAY=2TU",
                        "FREQ=DAILY",
                        "cron-sat",
                        "cron-weekdays",
                        "FREQ=MONTHLY;BYDAY=-1SU;early",
                    ],
                    [24, 8, 6, 16, 6, 6, 4, 14, 6, 2],
                )[0]
                base_day = (NOW - timedelta(days=r.randint(0, 200) - 40)).date()
                hour, minute = r.choice([(22, 0), (23, 0), (21, 30), (20, 0), (6, 0), (1, 0)])
                dur = r.choice(["1h", "2h", "2h", "3h", "4h", "30m", "1h30m"])
                if rule.startswith("cron"):
                    if rule == "cron-sat":
                        day = base_day + timedelta(days=sat[base_day.weekday()])
                        w["cron"] = f"{minute} {hour} * * 6"
                    else:
                        day = base_day + timedelta(days=(7 - base_day.weekday()) % 7)  # Monday
                        hour, minute = r.choice([(5, 0), (5, 30), (19, 0)])
                        dur = r.choice(["30m", "1h"])
                        w["cron"] = f"{minute} {hour} * * 1-5"
                    start_local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)
                    w["rule_kind"] = rule
                else:
                    body = rule.replace(";early", "")
                    day = _first_matching_day(body, base_day)
                    if rule.endswith(";early"):
                        # Deliberately inside the DST gap/repeat hour on the last Sunday of
                        # March/October (RFC 5545 handling); DTSTART itself is a normal month.
                        hour, minute = 2, 30
                        while day.month in (3, 10):
                            day = _first_matching_day(body, day + timedelta(days=1))
                    start_local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)
                    w["recurrence"] = body
                    w["rule_kind"] = body
                w["start"] = start_local
                w["duration"] = dur
                end_choice = r.random()
                if end_choice < 0.45:
                    until_day = (NOW + timedelta(days=r.randint(120, 420))).date()
                    w["until"] = datetime(until_day.year, until_day.month, until_day.day, tzinfo=TZ)
                elif end_choice < 0.65:
                    w["count"] = r.randint(4, 52)
                if (
                    r.random() < 0.15
                    and "recurrence" in w
                    and w["recurrence"] == "FREQ=WEEKLY;BYDAY=SA"
                ):
                    # skip one future occurrence (an actual occurrence: weekly on Saturdays)
                    weeks = max(1, (NOW.date() - day).days // 7 + r.randint(1, 8))
                    if "count" not in w or weeks < w["count"]:
                        ex_day = day + timedelta(days=7 * weeks)
                        w["exclude"] = [
                            datetime(ex_day.year, ex_day.month, ex_day.day, hour, minute, tzinfo=TZ)
                        ]
            else:
                if kind == "freeze":
                    start_day = (NOW + timedelta(days=r.randint(-40, 90))).date()
                    start_local = datetime(
                        start_day.year, start_day.month, start_day.day, 0, 0, tzinfo=TZ
                    )
                    w["start"] = start_local
                    w["end"] = start_local + timedelta(days=r.randint(1, 10))
                else:
                    # mostly within the 90-day horizon of the window check
                    offset = r.choices(
                        [r.randint(-120, 0), r.randint(0, 90), r.randint(90, 180)], [20, 70, 10]
                    )[0]
                    day = (NOW + timedelta(days=offset)).date()
                    if kind == "maintenance" and r.random() < 0.6:
                        day = day + timedelta(days=sat[day.weekday()])
                    hour = (
                        r.choice([20, 21, 22, 22, 23, 6, 7, 0])
                        if kind == "maintenance"
                        else r.randint(9, 17)
                    )
                    start_local = datetime(
                        day.year, day.month, day.day, hour, r.choice([0, 0, 0, 30]), tzinfo=TZ
                    )
                    w["start"] = start_local
                    hours = r.choice([1, 2, 2, 3, 4, 4, 6, 8])
                    if r.random() < 0.3:
                        w["end"] = start_local + timedelta(hours=hours)
                    else:
                        w["duration"] = (
                            f"{hours}h"
                            if r.random() < 0.8
                            else f"{hours - 1}h30m"
                            if hours > 1
                            else "45m"
                        )
            w["priority"] = {
                "maintenance": r.choice(["low", "medium", "medium", "high"]),
                "critical": r.choice(["high", "critical"]),
                "freeze": "critical",
            }[kind]
            members = self.members[team]
            w["owner"] = r.choice(members)
            if kind != "freeze":
                w["engineers"] = r.choice([1, 1, 2, 2, 2, 3])
            created = min(
                int(w["start"].timestamp()) - r.randint(DAY, 30 * DAY),
                NOW_S - r.randint(HOUR, 5 * DAY),
            )
            w["created"] = max(created, CORPUS_START_S + r.randint(0, 10 * DAY))
            w["title"] = self._window_title(w)
            self.windows.append(w)
        # index for task linking: (start epoch, window) of maintenance windows
        self.maint_windows = sorted(
            (
                (int(w["start"].timestamp()), i)
                for i, w in enumerate(self.windows)
                if w["kind"] == "maintenance"
            )
        )

    def _window_title(self, w: dict[str, object]) -> str:
        r = self.r
        role, dep, kind = str(w["role"]), str(w["dep"]), w["kind"]
        what = {
            "db": "PostgreSQL",
            "mysql": "MariaDB",
            "web": "web tier",
            "k8s": "Kubernetes nodes",
            "lb": "load balancers",
            "cache": "Redis",
            "mq": "Kafka",
            "storage": "Ceph",
            "backup": "backup hosts",
            "monitoring": "Prometheus",
            "bastion": "bastions",
            "vault": "Vault",
            "ci": "CI runners",
            "mail": "mail relays",
            "dns": "DNS",
            "net": "network core",
            "zone": "DNS zones",
        }.get(role, role)
        if kind == "freeze":
            return r.choice(
                [
                    "Year-end change freeze",
                    "Black Friday freeze",
                    "Quarter close freeze",
                    f"Release freeze ({dep})",
                    "Audit week freeze",
                ]
            )
        if kind == "critical":
            return r.choice(
                [
                    f"Critical: {what} cutover ({dep})",
                    f"Critical: failover test {what}",
                    f"Live migration of {what} ({dep})",
                    f"Payment run — keep {what} stable",
                ]
            )
        if "recurrence" in w or "cron" in w:
            rk = str(w.get("rule_kind"))
            cadence = (
                "Weekly"
                if "WEEKLY" in rk or rk == "cron-sat"
                else "Monthly"
                if "MONTHLY" in rk
                else "Daily"
            )
            return (
                f"{cadence} {r.choice(['patching', 'maintenance', 'restarts', 'updates'])}: "
                f"{what} ({dep})"
            )
        return r.choice(
            [
                f"Patch {what} ({dep})",
                f"Upgrade {what} in {dep}",
                f"Kernel update {what} ({dep})",
                f"Replace disks on {what} ({dep})",
                f"Firmware update {what} ({dep})",
                f"Resize {what} ({dep})",
                f"Reboot {what} ({dep})",
            ]
        )

    def write_windows(self) -> None:
        r = self.r
        for w in self.windows:
            wid = str(w["id"])
            out = [
                "# yaml-language-server: $schema=../.opsledger/schemas/window.schema.json",
                f"id: {wid}",
                f"title: {dq(str(w['title']))}",
                f"kind: {w['kind']}",
                f"priority: {w['priority']}",
            ]
            tags = {
                "maintenance": ["maintenance"],
                "freeze": ["freeze"],
                "critical": ["critical-op"],
            }[str(w["kind"])]
            if "recurrence" in w or "cron" in w:
                tags = [*tags, "recurring"]
            out.append(f"tags: {flow_list(tags)}")
            out.append(f"created: {ts(int(w['created']))}")
            out.append(f"start: {w['start'].isoformat()}")
            if "end" in w:
                out.append(f"end: {w['end'].isoformat()}")
            else:
                out.append(f"duration: {w['duration']}")
            out.append(f"timezone: {TZ_NAME}")
            if "recurrence" in w:
                out.append(f"recurrence: {q(str(w['recurrence']))}")
            if "cron" in w:
                out.append(f"cron: {q(str(w['cron']))}")
            if "until" in w:
                out.append(f"until: {w['until'].isoformat()}")
            if "count" in w:
                out.append(f"count: {w['count']}")
            if "exclude" in w:
                out.append(f"exclude: [{', '.join(x.isoformat() for x in w['exclude'])}]")
            out.append(f"components: {flow_list(w['refs'])}")
            out.append(f"team: {w['team']}")
            if "engineers" in w:
                out.append(f"engineers: {w['engineers']}")
            out.append(f"owner: {w['owner']}")
            if w["tasks"]:
                out.append(f"tasks: {flow_list(sorted(w['tasks']))}")
            if r.random() < 0.35:
                out.append("description: " + literal(self._window_description(w), 2).rstrip("\n"))
            self.files.append((f"windows/{wid}.yaml", "\n".join(out) + "\n"))

    def _window_description(self, w: dict[str, object]) -> str:
        r = self.r
        parts = [
            r.choice(
                [
                    "Rolling, one host at a time; traffic is drained first.",
                    "Customer notified two weeks ahead; status page entry prepared.",
                    "No customer impact expected; replicas take over during the reboot.",
                    "Vendor engineer on site for the hardware part.",
                    "Change freeze agreed with the client's release management.",
                ]
            )
        ]
        if r.random() < 0.5:
            parts.append(
                "\n".join(
                    [
                        "Plan:",
                        "",
                        f"1. Silence alerts for {w['refs'][0]}",
                        "2. Drain, patch, reboot, verify health checks",
                        "3. Re-enable and watch for 30 minutes",
                    ]
                )
            )
        return "\n\n".join(parts) + "\n"

    # -- tasks ---------------------------------------------------------------------------------
    def make_tasks(self) -> None:
        r = self.r
        seeds: list[dict[str, object]] = []
        span = NOW_S - 20 * MIN - CORPUS_START_S
        while len(seeds) < self.n_tasks:
            created = CORPUS_START_S + int(span * (r.random() ** 0.8))
            cat = r.choices(CATEGORY_NAMES, CATEGORY_WEIGHTS)[0]
            spec = CATEGORIES[cat]
            is_incident = r.random() < spec["incident"]
            if not is_incident:
                created = _working_hours(r, created)
            seed: dict[str, object] = {
                "created": created,
                "cat": cat,
                "type": "incident" if is_incident else "task",
                "seq": len(seeds),
            }
            seeds.append(seed)
            if is_incident and spec["storm"] and r.random() < 0.03 and len(seeds) < self.n_tasks:
                # an alert storm: a parent incident and many children on sibling hosts
                seed["storm"] = True
                for k in range(min(r.randint(5, 40), self.n_tasks - len(seeds))):
                    seeds.append(
                        {
                            "created": created + 20 + k * r.randint(3, 25),
                            "cat": cat,
                            "type": "incident",
                            "storm_child": seed,
                            "seq": len(seeds),
                        }
                    )
        seeds.sort(key=lambda s: (int(s["created"]), int(s["seq"])))
        for seed in seeds:
            self._plan_task(seed)
        self._allocate_commands(seeds)
        self.tasks = seeds
        done_ids: list[str] = []
        for i, seed in enumerate(seeds):
            self._link_task(seed, i, done_ids)
            done_ids.append(str(seed["id"]))
        for seed in seeds:
            self._write_task(seed)

    def _plan_task(self, t: dict[str, object]) -> None:
        """Choose components, people, priority and the lifecycle timeline."""
        r = self.r
        cat = str(t["cat"])
        spec = CATEGORIES[cat]
        parent = t.get("storm_child")
        created = int(t["created"])
        window: dict[str, object] | None = None
        if cat == "patching" and self.maint_windows and r.random() < 0.7:
            # patching inside an upcoming maintenance window: the task names the window and
            # uses the window's own component references, so the window covers it
            pos = bisect_left(self.maint_windows, (created, -1))
            cand = self.maint_windows[pos : pos + 12]
            if cand:
                w = self.windows[r.choice(cand)[1]]
                if int(w["linked"]) < 25 and int(w["start"].timestamp()) <= NOW_S + 120 * DAY:
                    window = w
                    w["linked"] = int(w["linked"]) + 1
        if parent is not None:
            p = parent
            comp = r.choice(self.by_group.get(p["comp"].group, [p["comp"]]))
            t["priority"] = p["priority"]
        else:
            if window is not None:
                first = self.by_path.get(window["refs"][0])
                comp = first if first is not None else r.choice(self.by_group[str(window["group"])])
            elif cat == "decommission" and self.decommissioned:
                comp = r.choice(self.decommissioned)
            else:
                roles = [ro for ro in spec["roles"] if ro in self.by_role]
                comp = r.choice(self.by_role[r.choice(roles)])
            weights = [15, 35, 35, 15] if t["type"] == "incident" else [3, 20, 50, 27]
            t["priority"] = r.choices(["critical", "high", "medium", "low"], weights)[0]
        t["comp"] = comp
        comps = [comp]
        refs = [comp.path]
        single_client = len({c.client for c in self.by_group.get(comp.group, [])}) == 1
        if parent is None and r.random() < 0.35:
            extra = [c for c in self.by_group.get(comp.group, []) if c.client == comp.client]
            for other in r.sample(extra, min(len(extra), r.randint(1, 2))):
                if other is not comp and other.path not in refs:
                    comps.append(other)
                    refs.append(other.path)
        g = r.random()
        if window is not None:
            # the window's own references (so the window covers the task), minus hosts of
            # other clients and the window's extra groups
            wrefs: list[str] = window["refs"]
            refs = [wrefs[0]] + [
                x for x in wrefs[1:] if x in self.by_path and self.by_path[x].client == comp.client
            ]
            comps = [comp]
        elif parent is None and g < 0.08 and single_client:
            refs = [f"{comp.group}/*"]
            comps = list(self.by_group.get(comp.group, [comp]))[:5]
        elif parent is None and g < 0.11 and single_client:
            refs = [comp.group]  # plain ancestor id: covers its descendants
        elif parent is None and g < 0.13 and comp.role in ROLES:
            refs = [f"*/*/{comp.env}/{comp.role}/{comp.host}"]
        t["refs"] = refs
        t["comps"] = comps
        t["client"] = comp.client
        if comp.client:
            projects = list(CLIENTS[comp.client][1])
            t["project"] = projects[0] if r.random() < 0.55 else r.choice(projects)
        team = str(window["team"]) if window is not None else comp.team
        t["team"] = team
        t["assignee"] = r.choice(self.members[team])
        t["win"] = window

        prio = str(t["priority"])
        pidx = ["critical", "high", "medium", "low"].index(prio)
        if t["type"] == "incident":
            assign_mean = [4 * MIN, 12 * MIN, HOUR, 4 * HOUR][pidx]
            start_mean = [3 * MIN, 10 * MIN, 45 * MIN, 5 * HOUR][pidx]
            work_mean = [90 * MIN, 4 * HOUR, DAY, 3 * DAY][pidx]
        else:
            assign_mean = [2 * HOUR, 8 * HOUR, DAY, 3 * DAY][pidx]
            start_mean = [HOUR, 12 * HOUR, 2 * DAY, 5 * DAY][pidx]
            work_mean = [DAY, 2 * DAY, 4 * DAY, 6 * DAY][pidx]
        if cat == "migration":
            work_mean = 25 * DAY
        if parent is not None:
            work_mean = 40 * MIN
        assigned = created + int(r.expovariate(1 / assign_mean)) + 30
        started = assigned + int(r.expovariate(1 / start_mean)) + 30
        resolved = started + int(r.expovariate(1 / work_mean) * 0.8 + work_mean * 0.2)
        if window is not None:  # the work happens in the window
            started = max(int(window["start"].timestamp()) + r.randint(0, 20) * MIN, assigned + 60)
            resolved = started + r.randint(20, 180) * MIN
        backlog = parent is None and t["type"] == "task" and r.random() < 0.14
        self_start = r.random() < 0.3  # open -> in_progress without an assign step
        blocked_episode = r.random() < 0.08 and t["type"] == "task"
        cancelled = r.random() < (0.04 if parent is None else 0.01)
        reopened = r.random() < 0.02 and parent is None
        end_cap = NOW_S - 5 * MIN

        status: str
        tl: dict[str, int | None] = {
            "assigned": None,
            "started": None,
            "resolved": None,
            "blocked": None,
            "unblocked": None,
        }
        if backlog:
            if created < NOW_S - 120 * DAY and r.random() < 0.5:
                status = "cancelled"
                tl["resolved"] = min(created + r.randint(60, 200) * DAY, end_cap)
            elif r.random() < 0.5:
                status = "assigned"
                tl["assigned"] = min(assigned, end_cap)
            else:
                status = "open"
                t["assignee"] = None
        elif resolved <= end_cap:
            status = "cancelled" if cancelled else "done"
            tl["assigned"] = None if self_start else assigned
            tl["started"] = started
            tl["resolved"] = resolved
            if blocked_episode and resolved - started > 2 * HOUR:
                tl["blocked"] = started + (resolved - started) // 3
                tl["unblocked"] = started + 2 * (resolved - started) // 3
        elif started <= end_cap:
            status = "in_progress"
            tl["assigned"] = None if self_start else assigned
            tl["started"] = started
            if r.random() < 0.25 or (blocked_episode and end_cap - started > HOUR):
                status = "blocked"
                tl["blocked"] = started + max(60, (end_cap - started) // 2)
        elif assigned <= end_cap and not self_start:
            status = "assigned"
            tl["assigned"] = assigned
        else:
            status = "open"
            if r.random() < 0.6:
                t["assignee"] = None
        if status in ("done", "cancelled") and reopened and tl["started"]:
            tl["reopened"] = tl["resolved"]
            tl["resolved"] = min(int(tl["resolved"]) + r.randint(HOUR, 5 * DAY), end_cap)
            if tl["resolved"] <= tl["reopened"] + 2 * MIN:
                tl.pop("reopened")
        t["status"] = status
        t["tl"] = tl

    def _allocate_commands(self, tasks: list[dict[str, object]]) -> None:
        """Exactly ``n_commands`` commands, skewed: most tasks 0-10, a few hundreds."""
        r = self.r
        want: list[float] = []
        for t in tasks:
            tl = t["tl"]
            if tl["started"] is None:
                want.append(float(r.randint(1, 3)) if r.random() < 0.1 else 0.0)
                continue
            u = r.random()
            if u < 0.2:
                n = 0.0
            elif u < 0.82:
                n = float(1 + min(int(r.expovariate(1 / 4.0)), 9))
            elif u < 0.975:
                n = float(r.randint(10, 45))
            else:
                n = min(80 + r.paretovariate(1.3) * 60, 900)
            if t["cat"] == "migration" or (t.get("storm") and n):
                n *= 2.5
            if t.get("storm_child"):
                n = min(n, 4.0)
            want.append(min(n, 700.0))
        total = sum(want)
        if self.n_commands and total == 0:
            want = [1.0] * len(tasks)
            total = float(len(tasks))
        factor = self.n_commands / total if total else 0.0
        counts = [int(w * factor) for w in want]
        rest = self.n_commands - sum(counts)
        order = sorted(range(len(tasks)), key=lambda i: (-(want[i] * factor - counts[i]), i))
        for i in order[:rest]:
            counts[i] += 1
        if rest > len(order):  # cannot happen (fractions < 1 each), kept for safety
            counts[0] += rest - len(order)
        for t, n in zip(tasks, counts, strict=True):
            t["n_cmds"] = n

    def _link_task(self, t: dict[str, object], index: int, earlier: list[str]) -> None:
        """Give the task its id, and link it to earlier tasks, a parent, a window."""
        r = self.r
        created = int(t["created"])
        alert_born = t["type"] == "incident" and (
            t.get("storm_child") is not None or r.random() < 0.6
        )
        if alert_born:
            while True:
                key = f"{r.getrandbits(64):016x}"
                first_seen = created - r.randint(0, 120)
                digest = hashlib.sha256(
                    f"alertmanager\0{key}\0{ts_utc(first_seen)}".encode()
                ).digest()
                tid = f"T-{b32(int.from_bytes(digest[:5], 'big'), 8)}"
                if self.ids.claim(tid):
                    break
            t["source"] = {"key": key, "first_seen": first_seen}
        else:
            tid = self.ids.new("T")
        t["id"] = tid
        parent = t.get("storm_child")
        if parent is not None:
            t["parent"] = parent["id"]
        if earlier and r.random() < 0.08:
            lo = max(0, index - 400)
            t["depends_on"] = sorted(
                {earlier[r.randint(lo, index - 1)] for _ in range(r.choice([1, 1, 1, 2, 3]))}
            )
        window = t.get("win")
        if window is not None:
            window["tasks"].append(tid)
            t["window"] = window["id"]
            t["win_start"] = int(window["start"].timestamp())

    # -- task text --------------------------------------------------------------------------------
    def _ctx(self, t: dict[str, object]) -> dict[str, object]:
        r = self.r
        comp: Component = t["comp"]
        client = comp.client
        app = r.choice(APPS)
        return {
            "host": comp.host,
            "svc": comp.service or "sshd",
            "port": comp.port,
            "env": comp.env,
            "region": comp.region,
            "deploy": comp.deploy,
            "client": CLIENTS[client][0] if client else "the platform team",
            "client_key": client or "ops",
            "domain": r.choice(DOMAINS[client]),
            "ns": r.choice(NAMESPACES),
            "app": app,
            "db": r.choice(DBNAMES),
            "mount": r.choice(MOUNTS.get(comp.role, ["/", "/var", "/var/log"])),
            "ip": comp.ip,
            "pb": r.choice(PLAYBOOKS),
            "ver": r.choice(VERSIONS.get(comp.role, ["2.4.1"])),
            "path": comp.path,
            "alert": r.choice(CATEGORIES[str(t["cat"])]["alerts"]),
            "pct": r.randint(86, 99),
            "n": r.randint(2, 40),
            "person": r.choice(self.everyone),
            "bucket": f"backups-{client or 'ops'}",
            "cluster": f"{comp.provider}-{comp.region}-{comp.env}",
            "kver": r.choice(["6.1.0-27", "6.1.0-28", "6.8.0-49", "5.14.0-503"]),
            "since": local(int(t["created"]) - HOUR).strftime("%Y-%m-%d %H:%M"),
            "at": int(t["created"]),
            "pod": f"{app}-{b32(r.getrandbits(45), 9)}-{b32(r.getrandbits(25), 5)}",
        }

    def _write_task(self, t: dict[str, object]) -> None:
        r = self.r
        tid = str(t["id"])
        tl: dict[str, int | None] = t["tl"]
        created = int(t["created"])
        status = str(t["status"])
        cat = str(t["cat"])
        spec = CATEGORIES[cat]
        ctx = self._ctx(t)
        assignee = t["assignee"]
        team = str(t["team"])
        members = self.members[team]
        used: set[str] = set()
        # when work happened
        work_start = tl["started"] or created
        work_end = tl["resolved"] or (NOW_S - 2 * MIN)
        if work_end <= work_start:
            work_end = work_start + 60
        worker = str(assignee or r.choice(members))

        title = r.choice(spec["titles"]).format(**ctx)
        if t.get("storm"):
            title = f"Storm: {ctx['alert']} on {t['comp'].deploy} ({ctx['n']} hosts)"
        elif t.get("storm_child"):
            title = f"{ctx['alert']} on {ctx['host']}"
        tags = list(spec["tags"])
        comp_tags = t["comp"].tags
        if comp_tags and r.random() < 0.6:
            tags.append(comp_tags[0])
        if r.random() < 0.15:
            tags.append(r.choice(EXTRA_TAGS))
        tags = list(dict.fromkeys(tags))

        out = [
            "# yaml-language-server: $schema=../../.opsledger/schemas/task.schema.json",
            f"id: {tid}",
            f"title: {dq(title)}",
            f"type: {t['type']}",
            f"status: {status}",
            f"priority: {t['priority']}",
            f"category: {cat}",
        ]
        if assignee:
            out.append(f"assignee: {assignee}")
        out.append(f"team: {team}")
        out.append(f"components: {flow_list(t['refs'])}")
        if t["client"]:
            out.append(f"client: {t['client']}")
            out.append(f"project: {q(str(t['project']))}")
        if t.get("parent"):
            out.append(f"parent: {t['parent']}")
        if t.get("depends_on"):
            out.append(f"depends_on: {flow_list(t['depends_on'])}")
        if t.get("window"):
            out.append(f"window: {t['window']}")
        out.append(f"tags: {flow_list(tags)}")
        if r.random() < 0.45:
            labels = [("env", q(str(ctx["env"])))]
            if r.random() < 0.5:
                ticket = f"{str(ctx['client_key']).upper()[:3]}-{r.randint(100, 9999)}"
                labels.append(("ticket", q(ticket)))
            if r.random() < 0.2:
                labels.append(("cost-center", q(str(r.randint(1000, 4999)))))
            if r.random() < 0.1:
                labels.append(("customer-visible", q(r.choice(["yes", "no"]))))
            out.append(f"labels: {flow_map(labels)}")
        out.append(f"created: {ts(created)}")
        updated_line = len(out)
        if r.random() < 0.2 or t.get("win_start"):
            due = t.get("win_start") or _due(r, created)
            out.append(f"due: {ts(int(due))}")
        if tl["assigned"] is not None:
            out.append(f"assigned_at: {ts(tl['assigned'])}")
        if tl["started"] is not None:
            out.append(f"started_at: {ts(tl['started'])}")
        if status in ("done", "cancelled") and tl["resolved"] is not None:
            out.append(f"resolved_at: {ts(tl['resolved'])}")
            resolution = r.choice(RESOLUTIONS_DONE if status == "done" else RESOLUTIONS_CANCEL)
            out.append(f"resolution: {resolution}")
        else:
            resolution = None
        sla = self.sla.get((str(t["type"]), str(t["priority"])))
        if sla:
            out.append(
                f"sla: {{policy: {sla[0]}, start_by: {ts(created + sla[1])}, "
                f"resolve_by: {ts(created + sla[2])}}}"
            )
        src = t.get("source")
        occurrences = 1
        if src:
            first = int(src["first_seen"])
            occurrences = r.choice([1, 1, 2, 3, 3, 5, 8, 14])
            last = min(first + (occurrences - 1) * r.choice([60, 120, 300]), NOW_S)
            state = "resolved" if status in ("done", "cancelled") else "firing"
            labels = flow_map(
                [
                    ("alertname", q(str(ctx["alert"]))),
                    ("instance", q(f"{ctx['host']}:9100")),
                    ("severity", q("critical" if t["priority"] == "critical" else "warning")),
                    ("env", q(str(ctx["env"]))),
                ]
            )
            out.append(
                f"source: {{adapter: alertmanager, key: {q(src['key'])}, "
                f"fingerprint: {q(src['key'])}, labels: {labels}, "
                f"first_seen: {ts(first)}, last_seen: {ts(last)}, "
                f"occurrences: {occurrences}, state: {state}}}"
            )
        desc = self._description(t, ctx, spec)
        if desc:
            out.append("description: " + literal(desc, 2).rstrip("\n"))

        last_activity = created
        # commands
        n_cmds = int(t["n_cmds"])
        if n_cmds:
            out.append("commands:")
            times = _spread(r, n_cmds, work_start, work_end)
            for k, at in enumerate(times, start=1):
                out.append(self._command(t, ctx, at, used, worker, members, tid, k))
                last_activity = max(last_activity, at)
        # time entries
        entries = self._time_entries(t, work_start, work_end, worker, used)
        if entries:
            out.append("time:")
            out.extend(entries[0])
            last_activity = max(last_activity, entries[1])
        # events
        events = self._events(t, ctx, used, resolution, occurrences, sla)
        if events:
            out.append("events:")
            for at, line in events:
                out.append(line)
                last_activity = max(last_activity, at)
        if last_activity > created:
            out.insert(updated_line, f"updated: {ts(min(last_activity, NOW_S))}")
        month = local(created).strftime("%Y-%m")
        self.files.append((f"tasks/{month}/{tid}.yaml", "\n".join(out) + "\n"))

    def _description(
        self, t: dict[str, object], ctx: dict[str, object], spec: dict[str, object]
    ) -> str | None:
        r = self.r
        u = r.random()
        if t.get("storm_child"):
            return None if u < 0.6 else f"Alert {ctx['alert']} fired on {ctx['host']}.\n"
        if u < 0.08:
            return None
        sentences: list[str] = spec["sentences"]

        def para(k):
            return " ".join(
                s.format(**ctx)
                for s in r.sample(
                    sentences + GENERIC_SENTENCES, min(k, len(sentences) + len(GENERIC_SENTENCES))
                )
            )

        if u < 0.30:
            return para(1) + "\n"
        if u < 0.70:
            return para(r.randint(2, 4)) + "\n"
        parts = [para(r.randint(2, 4))]
        if u < 0.93:
            if r.random() < 0.5:
                parts.append(
                    "Steps:\n\n"
                    + "\n".join(
                        f"- [{'x' if r.random() < 0.5 else ' '}] {s.format(**ctx)}"
                        for s in r.sample(STEPS, r.randint(2, 5))
                    )
                )
            if r.random() < 0.5:
                cmd, out, *_ = CMD_BY_NAME["df"] if r.random() < 0.5 else CMD_BY_NAME["journal"]
                parts.append(
                    "```\n$ " + cmd.format(**ctx) + "\n" + _clean(OUTPUTS[out](r, ctx)) + "```"
                )
            parts.append(para(r.randint(1, 3)))
            return "\n\n".join(parts) + "\n"
        # a post-mortem style write-up, a few KB
        parts = [f"## Summary\n\n{para(3)}", f"## Impact\n\n{para(2)}", "## Timeline\n"]
        at = int(t["created"])
        lines = []
        for _ in range(r.randint(6, 16)):
            at += r.randint(2, 40) * MIN
            lines.append(f"- {local(at).strftime('%H:%M')} {r.choice(TIMELINE).format(**ctx)}")
        parts[-1] += "\n" + "\n".join(lines)
        parts.append(f"## Root cause\n\n{para(r.randint(3, 5))}\n\n{para(r.randint(2, 4))}")
        parts.append(
            "## What went well\n\n"
            + "\n".join(f"- {s.format(**ctx)}" for s in r.sample(WENT_WELL, 3))
        )
        parts.append(
            "## Action items\n\n"
            + "\n".join(
                f"- [ ] {s.format(**ctx)} (owner: {r.choice(self.everyone)})"
                for s in r.sample(STEPS, r.randint(3, 6))
            )
        )
        cmd, out, *_ = CMD_BY_NAME["journal"]
        parts.append(
            "## Evidence\n\n```\n$ "
            + cmd.format(**ctx)
            + "\n"
            + _clean(OUTPUTS[out](r, ctx))
            + "```"
        )
        return "\n\n".join(parts) + "\n"

    def _command(
        self,
        t: dict[str, object],
        ctx: dict[str, object],
        at: int,
        used: set[str],
        worker: str,
        members: list[str],
        tid: str,
        ordinal: int,
    ) -> str:
        r = self.r
        cat_cmds: list[str] = CATEGORIES[str(t["cat"])]["cmds"]
        name = r.choice(cat_cmds) if r.random() < 0.7 else r.choice(GENERIC_CMDS)
        template, out_kind, dlo, dhi, fail = CMD_BY_NAME[name]
        comps: list[Component] = t["comps"]
        comp = comps[0] if len(comps) == 1 else r.choice(comps)
        ctx["host"] = comp.host
        ctx["pod"] = f"{ctx['app']}-{b32(r.getrandbits(45), 9)}-{b32(r.getrandbits(25), 5)}"
        ctx["since"] = local(at - r.choice([15, 30, 60, 120]) * MIN).strftime("%Y-%m-%d %H:%M")
        ctx["at"] = at
        cmd = template.format(**ctx)
        ctx["cmd0"] = cmd.split()[0]
        user = worker if r.random() < 0.85 else r.choice(members)
        remote = name in REMOTE_CMDS
        host = (
            f"{user}-laptop"
            if remote and r.random() < 0.6
            else ("bastion-01" if remote else comp.host)
        )
        shell_user = "root" if (not remote and r.random() < 0.15) else user
        cwd = r.choice(
            [
                "/home/{u}",
                "/home/{u}/src/infra",
                "/home/{u}/src/infra/ansible",
                "/root",
                "/tmp",
                "/var/log",
                "/etc",
                "/srv",
            ]
        ).format(u=shell_user if shell_user != "root" else user)
        if shell_user == "root" and cwd.startswith("/home"):
            cwd = "/root"
        duration = dlo * (dhi / dlo) ** r.random()
        exit_code = 0
        interrupted = False
        if r.random() < fail:
            exit_code = (
                130
                if name in INTERACTIVE
                else r.choices([1, 2, 124, 127, 255, 130], [60, 10, 5, 3, 7, 8])[0]
            )
            if exit_code == 130:
                interrupted = True
                duration = duration * r.uniform(1, 4) + 2
        output: str | None = None
        output_file: str | None = None
        if exit_code == 0 and out_kind and r.random() < 0.62:
            output = _clean(OUTPUTS[out_kind](r, ctx))
        elif exit_code not in (0, 130) and r.random() < 0.45:
            output = r.choice(ERRORS[_error_family(name, exit_code)]).format(**ctx) + "\n"
        if output and r.random() < 0.004:
            output_file = f"outputs/{tid}/{ordinal}.log"
            self.files.append((output_file, (output * r.randint(40, 200))))
            output = None
        fields = [
            ("id", q(entry_id(r, used))),
            ("at", ts(at)),
            ("cmd", dq(cmd)),
            ("exit", str(exit_code)),
            ("duration", fnum(duration)),
            ("cwd", q(cwd)),
            ("host", q(host)),
            ("user", q(shell_user)),
        ]
        if interrupted:
            fields.append(("interrupted", "true"))
        if name in TEMPLATED and r.random() < 0.3:
            fields.append(("template", TEMPLATED[name]))
        if "[REDACTED:1]" in cmd:
            fields.append(("redacted", '{"1": null}'))
        if output_file:
            fields.append(("output_file", q(output_file)))
        if output is None or output.count("\n") <= 1:
            if output is not None:
                fields.append(("output", dq(output)))
            return "  - " + flow_map(fields)
        lines = ["  - " + ("\n    ".join(f"{k}: {v}" for k, v in fields))]
        lines.append("    output: " + literal(output, 6).rstrip("\n"))
        return "\n".join(lines)

    def _time_entries(
        self, t: dict[str, object], start: int, end: int, worker: str, used: set[str]
    ) -> tuple[list[str], int] | None:
        r = self.r
        tl = t["tl"]
        if tl["started"] is None:
            return None
        span = end - start
        n = 0 if r.random() < 0.15 else min(1 + int(span / (6 * HOUR)), r.randint(1, 6))
        if t.get("storm_child"):
            n = 0
        if not n:
            return None
        lines = []
        cursor = start
        slot = span // n
        last = start
        client, project = t["client"], t.get("project")
        billable_project = CLIENTS[str(client)][1][str(project)][1] if client else False
        for k in range(n):
            s = start + k * slot + r.randint(0, max(0, slot // 3))
            s = max(s, cursor)
            length = min(
                r.choice([15, 20, 30, 45, 60, 60, 90, 120, 180, 240]) * MIN, max(end - s, 5 * MIN)
            )
            if s + length > NOW_S:
                break
            cursor = s + length + 5 * MIN
            last = max(last, s + length)
            who = worker if r.random() < 0.85 else r.choice(self.members[str(t["team"])])
            fields = [("id", q(entry_id(r, used))), ("start", ts(s))]
            if r.random() < 0.8:
                fields.append(("end", ts(s + length)))
            else:
                fields.append(("minutes", str(length // MIN)))
            fields.append(("who", q(who)))
            if client:
                fields += [("client", q(str(client))), ("project", q(str(project)))]
            if r.random() < 0.4:
                fields.append(("component", q(t["comps"][0].path)))
            fields.append(
                ("billable", "true" if billable_project and r.random() < 0.92 else "false")
            )
            if r.random() < 0.5:
                fields.append(("note", dq(r.choice(TIME_NOTES))))
            lines.append("  - " + flow_map(fields))
        return (lines, last) if lines else None

    def _events(
        self,
        t: dict[str, object],
        ctx: dict[str, object],
        used: set[str],
        resolution: str | None,
        occurrences: int,
        sla: tuple[str, int, int] | None,
    ) -> list[tuple[int, str]]:
        r = self.r
        tl: dict[str, int | None] = t["tl"]
        created = int(t["created"])
        status = str(t["status"])
        assignee = t["assignee"]
        team = str(t["team"])
        lead = self.leads[team]
        actor = str(assignee or lead)
        ev: list[tuple[int, list[tuple[str, str]]]] = []

        def add(at: int, by: str, kind: str, extra: list[tuple[str, str]]) -> None:
            ev.append((at, [("by", q(by)), ("kind", kind), *extra]))

        cur = "open"
        if tl["assigned"] is not None:
            add(
                tl["assigned"],
                lead if r.random() < 0.5 else actor,
                "status",
                [("from", "open"), ("to", "assigned"), ("assignee", q(actor))],
            )
            cur = "assigned"
        if tl["started"] is not None:
            add(tl["started"], actor, "status", [("from", cur), ("to", "in_progress")])
            cur = "in_progress"
        if tl["blocked"] is not None:
            add(
                tl["blocked"],
                actor,
                "status",
                [
                    ("from", "in_progress"),
                    ("to", "blocked"),
                    ("reason", dq(r.choice(BLOCK_REASONS))),
                ],
            )
            cur = "blocked"
            if tl["unblocked"] is not None:
                add(tl["unblocked"], actor, "status", [("from", "blocked"), ("to", "in_progress")])
                cur = "in_progress"
        if status in ("done", "cancelled") and tl["resolved"] is not None:
            reopened = tl.get("reopened")
            final = "done" if status == "done" else "cancelled"
            if reopened:
                first = r.choice(["done", "cancelled"]) if cur == "in_progress" else "cancelled"
                extra = [("resolution", q(r.choice(RESOLUTIONS_DONE)))] if first == "done" else []
                add(reopened - 60, actor, "status", [("from", cur), ("to", first), *extra])
                add(
                    reopened,
                    lead,
                    "status",
                    [
                        ("from", first),
                        ("to", "open"),
                        ("verb", "reopen"),
                        ("reason", dq(r.choice(REOPEN_REASONS))),
                    ],
                )
                add(reopened + 60, actor, "status", [("from", "open"), ("to", "in_progress")])
                cur = "in_progress"
            extra = [("resolution", q(str(resolution)))] if resolution else []
            add(
                tl["resolved"],
                actor if assignee else lead,
                "status",
                [("from", cur), ("to", final), *extra],
            )
        # comments, spread over the life of the task
        end = tl["resolved"] or NOW_S - MIN
        n_comments = r.choices([0, 1, 2, 3, 5, 8], [30, 30, 18, 12, 7, 3])[0]
        for _ in range(n_comments):
            at = r.randint(created + 30, max(created + 31, end))
            by = r.choice(self.members[team]) if r.random() < 0.7 else r.choice(self.everyone)
            text = r.choice(COMMENTS).format(**ctx)
            if r.random() < 0.1:
                text += "\n\n" + r.choice(COMMENTS).format(**ctx)
            add(at, by, "comment", [("text", dq(text))])
        if t["type"] == "incident":
            if occurrences > 1:
                src = t["source"]
                add(
                    max(int(src["first_seen"]) + 120, created + 60),
                    "alerts",
                    "alert_repeat",
                    [("occurrences", str(occurrences))],
                )
            if t["priority"] in ("critical", "high") and r.random() < 0.5:
                add(
                    created + 60,
                    "alerts",
                    "notification",
                    [("channel", q(f"team:{team}")), ("state", "delivered")],
                )
        if sla:
            warn_at = created + int(sla[2] * 0.75)
            breach_at = created + sla[2]
            resolved = tl["resolved"]
            if warn_at <= NOW_S and (resolved is None or resolved > warn_at):
                add(
                    warn_at,
                    "alerts",
                    "sla_warning",
                    [("policy", sla[0]), ("target", "resolve"), ("percent", "75")],
                )
                if breach_at <= NOW_S and (resolved is None or resolved > breach_at):
                    add(
                        breach_at,
                        "alerts",
                        "sla_breach",
                        [("policy", sla[0]), ("target", "resolve")],
                    )
                    if t["type"] == "incident" and r.random() < 0.7:
                        add(
                            breach_at + 60,
                            "alerts",
                            "escalation",
                            [("level", "1"), ("notify", flow_list([f"team:{team}"]))],
                        )
        if assignee and r.random() < 0.04 and tl["started"] is not None:
            other = r.choice(self.members[team])
            if other != assignee:
                add(
                    r.randint(int(tl["started"]), max(int(tl["started"]) + 1, end)),
                    str(assignee),
                    "handoff",
                    [("from", q(str(assignee))), ("to", q(other)), ("note", dq("end of shift"))],
                )
        ev.sort(key=lambda e: e[0])
        return [
            (
                at,
                "  - "
                + flow_map([("id", q(entry_id(r, used))), ("at", ts(min(at, NOW_S))), *fields]),
            )
            for at, fields in ev
        ]

    # -- output -----------------------------------------------------------------------------
    def build(self) -> None:
        self.make_people()
        self.make_inventory()
        self.make_config_and_policies()
        self.make_windows()
        self.make_tasks()
        self.write_windows()


def _first_matching_day(rule: str, day: date) -> date:
    """First day on/after ``day`` matching a simple RRULE body (DTSTART must be an instance)."""
    wd = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
    parts = dict(p.split("=") for p in rule.split(";"))
    if parts["FREQ"] == "DAILY":
        return day
    byday = parts["BYDAY"].split(",")
    for _ in range(400):
        for spec in byday:
            m = re.fullmatch(r"(-?\d)?([A-Z]{2})", spec)
            assert m is not None
            nth, name = m.groups()
            if day.weekday() != wd[name]:
                continue
            if nth is None:
                return day
            n = int(nth)
            if n > 0 and (day.day - 1) // 7 + 1 == n:
                return day
            if n < 0 and (day + timedelta(days=7)).month != day.month and n == -1:
                return day
        day += timedelta(days=1)
    raise AssertionError(rule)


def _clean(text: str) -> str:
    """No trailing blanks on any line, exactly one final newline."""
    return "\n".join(line.rstrip() for line in text.rstrip("\n").split("\n")) + "\n"


def _working_hours(r: Random, epoch: int) -> int:
    moment = local(epoch)
    day = moment.date()
    if day.weekday() >= 5 and r.random() < 0.85:
        day -= timedelta(days=day.weekday() - 4)
    start = datetime(day.year, day.month, day.day, 8, 0, tzinfo=TZ)
    value = int(start.timestamp()) + r.randint(0, 10 * HOUR)
    return max(min(value, NOW_S - 20 * MIN), CORPUS_START_S)


def _due(r: Random, created: int) -> int:
    day = local(created + r.randint(1, 30) * DAY).date()
    return int(datetime(day.year, day.month, day.day, 17, 0, tzinfo=TZ).timestamp())


def _spread(r: Random, n: int, start: int, end: int) -> list[int]:
    """``n`` sorted command times in sessions between start and end."""
    sessions = max(1, n // r.randint(6, 20))
    per = [n // sessions + (1 if i < n % sessions else 0) for i in range(sessions)]
    times: list[int] = []
    span = max(end - start, 60)
    for count in per:
        at = start + int(span * r.random() * 0.9)
        for _ in range(count):
            at += r.randint(5, 150)
            times.append(min(at, end, NOW_S - 60))
    times.sort()
    return times


# ----------------------------------------------------------------------------------------
# Text pools
# ----------------------------------------------------------------------------------------
APPS = [
    "checkout",
    "orders",
    "search",
    "api-gateway",
    "billing",
    "auth",
    "media",
    "reports",
    "notifier",
    "catalog",
    "cart",
    "payments",
]
NAMESPACES = [
    "shop",
    "payments",
    "platform",
    "monitoring",
    "ingress-nginx",
    "data",
    "default",
    "batch",
]
DBNAMES = ["shop", "orders", "billing", "keycloak", "grafana", "analytics", "gitlab"]
PLAYBOOKS = ["patch", "site", "postgres", "nginx", "users", "node-exporter", "hardening"]
MOUNTS = {
    "db": ["/var/lib/postgresql", "/var/lib/postgresql/16/main/pg_wal", "/"],
    "mysql": ["/var/lib/mysql", "/"],
    "storage": ["/var/lib/ceph", "/"],
    "backup": ["/srv/backup", "/var/cache/restic"],
    "mq": ["/var/lib/kafka", "/"],
    "k8s": ["/var/lib/containerd", "/var/lib/kubelet", "/"],
    "monitoring": ["/var/lib/prometheus", "/"],
    "ci": ["/var/lib/docker", "/builds"],
}
VERSIONS = {
    "db": ["16.4", "16.6", "15.10", "17.2"],
    "mysql": ["10.11.9", "11.4.3"],
    "k8s": ["1.30.6", "1.31.2", "1.31.4"],
    "web": ["1.26.2", "1.27.3"],
}
EXTRA_TAGS = [
    "toil",
    "customer-request",
    "follow-up",
    "automation",
    "tech-debt",
    "audit",
    "on-call",
    "quick-win",
]
RESOLUTIONS_DONE = [
    "fixed",
    "fixed",
    "fixed",
    "workaround",
    "config-change",
    "no-fault-found",
    "replaced-hardware",
    "rolled-back",
]
RESOLUTIONS_CANCEL = ["duplicate", "obsolete", "wont-fix", "cannot-reproduce"]
BLOCK_REASONS = [
    "waiting for the vendor",
    "waiting for client approval",
    "needs a maintenance window",
    "waiting for hardware delivery",
    "blocked by an upstream bug",
    "waiting for the network team",
]
REOPEN_REASONS = [
    "alert fired again",
    "client reports the problem persists",
    "fix did not survive the reboot",
    "follow-up work discovered",
]
TIME_NOTES = [
    "investigation",
    "fix and verification",
    "call with the client",
    "documentation",
    "post-mortem write-up",
    "change preparation",
    "on-call follow-up",
    "pairing with the DBA",
    "patching",
    "review",
    "monitoring after the change",
]
COMMENTS = [
    "Looked at {host}: {mount} is at {pct} %, cleaning up old logs.",
    "Restarted {svc} on {host}, watching the error rate.",
    "Client confirmed the maintenance slot.",
    "Same issue as last month, see the linked task.",
    "Vendor ticket opened, reference VND-{n}0{n}.",
    "Graphs look normal again since 10 minutes.",
    "Can someone from the DBA team have a look at the replication lag?",
    "Deployed the fix to staging first; promoting to prod tomorrow.",
    "`kubectl -n {ns} get pods` shows all {app} pods Ready now.",
    "Handing over to the next shift; notes are in the description.",
    "Added a silence for {alert} until the window ends.",
    "Ran the playbook with `--check` first: {n} changes expected.",
    "Closing after 24 h without recurrence.",
    "Root cause is the cron job that rotates logs at 03:00 — it never ran since the upgrade.",
    "I'll take this one.",
    "Please do not restart {svc} during business hours; the client has a release today.",
]
GENERIC_SENTENCES = [
    "{client} reported it via the service desk.",
    "Monitoring showed the first symptoms around the last deploy.",
    "No data loss is expected.",
    "The runbook for {svc} covers most of this.",
    "Coordinate with the on-call engineer before touching production.",
    "Previous occurrences were fixed by a restart, which only hides the cause.",
    "Check the dashboards for {cluster} before and after.",
    "This is a recurring chore; automating it is tracked separately.",
    "Work happens in {deploy}; the client must be informed before any restart.",
    "Affected: {path}.",
]
STEPS = [
    "silence {alert} for {host}",
    "drain traffic from {host}",
    "take a snapshot of {mount}",
    "run `ansible-playbook playbooks/{pb}.yml --limit {host} --check`",
    "apply the change on {host}",
    "verify the health check of {domain}",
    "update the runbook for {svc}",
    "tell {client} that the work is done",
    "remove the silence",
    "watch error rates for 30 minutes",
    "add an alert for {mount}",
    "document the new version {ver}",
    "open a follow-up for the automation",
]
TIMELINE = [
    "alert {alert} fired for {host}",
    "on-call acknowledged",
    "incident channel opened",
    "first mitigation: restart of {svc}",
    "errors continue, escalated to the team lead",
    "identified {mount} as full",
    "cleaned up and freed space",
    "traffic back to normal",
    "client informed",
    "monitoring confirms recovery",
    "status page updated",
    "failover to replica completed",
    "rollback of the last deploy of {app}",
]
WENT_WELL = [
    "The alert fired before customers noticed.",
    "The runbook was accurate.",
    "Failover worked as designed.",
    "Communication with {client} was quick.",
    "Backups were recent and restorable.",
    "Dashboards showed the cause immediately.",
]
ERRORS = {
    "generic": ["Permission denied", "No such file or directory", "Operation not permitted"],
    "missing": ["bash: {cmd0}: command not found"],
    "k8s": [
        'Error from server (NotFound): pods "{pod}" not found',
        'error: the server doesn\'t have a resource type "deploymnt"',
        "Unable to connect to the server: dial tcp {ip}:6443: i/o timeout",
        "error: timed out waiting for the condition",
        "Error: UPGRADE FAILED: context deadline exceeded",
    ],
    "ssh": [
        "ssh: connect to host {host} port 22: Connection timed out",
        "fatal: [{host}]: UNREACHABLE! => changed=false",
        '{host} | UNREACHABLE! => {{"changed": false, "unreachable": true}}',
    ],
    "db": [
        'psql: error: connection to server at "{host}" ({ip}), port 5432 failed: FATAL:  '
        'too many connections for role "app"',
        "ERROR:  canceling statement due to statement timeout",
        'psql: error: connection to server at "{host}" ({ip}), port 5432 failed: '
        "Connection refused",
    ],
    "systemd": [
        "Job for {svc}.service failed because the control process exited with error code.",
        "Unit {svc}.service could not be found.",
    ],
    "http": [
        "curl: (28) Operation timed out after 10001 milliseconds with 0 bytes received",
        "curl: (60) SSL certificate problem: certificate has expired",
        "curl: (7) Failed to connect to {domain} port 443: Connection refused",
    ],
    "apt": [
        "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 2291 "
        "(unattended-upgr)"
    ],
}


def _error_family(name: str, exit_code: int) -> str:
    if exit_code == 127:
        return "missing"
    template = CMD_SPECS[name][0]
    for family, needles in (
        ("k8s", ("kubectl", "helm")),
        ("db", ("psql", "vacuumdb", "pg_basebackup", "mysql")),
        ("ssh", ("ssh ", "ansible")),
        ("systemd", ("systemctl", "journalctl")),
        ("http", ("curl", "openssl", "certbot")),
        ("apt", ("apt-get",)),
    ):
        if any(n in template for n in needles):
            return family
    return "generic"


# --- outputs -------------------------------------------------------------------------------
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _stamp(epoch: int, fmt: str) -> str:
    """strftime without the locale: %a/%b are always English, %Z is CET/CEST."""
    moment = local(epoch)
    fmt = (
        fmt.replace("%a", _DAYS[moment.weekday()])
        .replace("%b", _MONTHS[moment.month - 1])
        .replace("%Z", "CEST" if moment.utcoffset() == timedelta(hours=2) else "CET")
    )
    return moment.strftime(fmt)


def _stamp_gmt(epoch: int) -> str:
    moment = datetime.fromtimestamp(epoch, UTC)
    return f"{_MONTHS[moment.month - 1]} {moment.day:2d} {moment.strftime('%H:%M:%S %Y')} GMT"


def _o_df(r: Random, c: dict[str, object]) -> str:
    size = r.choice([50, 100, 200, 500, 1000])
    pct = int(c["pct"])
    used = size * pct // 100
    return (
        "Filesystem      Size  Used Avail Use% Mounted on\n"
        f"/dev/nvme1n1    {size}G  {used}G  {size - used}G  {pct}% {c['mount']}\n"
    )


def _o_free(r: Random, c: dict[str, object]) -> str:
    total = r.choice([7940, 15989, 32093, 64251])
    used = int(total * r.uniform(0.3, 0.95))
    return (
        "               total        used        free      shared  buff/cache   available\n"
        f"Mem:           {total}        {used}        {total - used}         "
        f"{r.randint(10, 900)}        {r.randint(100, 4000)}        {total - used}\n"
        f"Swap:           2047           {r.randint(0, 500)}        1547\n"
    )


def _o_uptime(r: Random, c: dict[str, object]) -> str:
    return (
        f" {r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d} up "
        f"{r.randint(1, 400)} days,  {r.randint(0, 23)}:{r.randint(10, 59)},  "
        f"{r.randint(1, 4)} users,  load average: {r.uniform(0, 8):.2f}, "
        f"{r.uniform(0, 8):.2f}, {r.uniform(0, 8):.2f}\n"
    )


def _o_systemctl(r: Random, c: dict[str, object]) -> str:
    svc = c["svc"]
    days = r.randint(1, 60)
    since = _stamp(int(c["at"]) - days * DAY, "%a %Y-%m-%d %H:%M:%S %Z")
    return (
        f"● {svc}.service - {svc}\n"
        f"     Loaded: loaded (/lib/systemd/system/{svc}.service; enabled; preset: enabled)\n"
        f"     Active: active (running) since {since}; "
        f"{days} days ago\n"
        f"   Main PID: {r.randint(400, 90000)} ({str(svc).split('@')[0]})\n"
        f"      Tasks: {r.randint(5, 80)} (limit: 76903)\n"
        f"     Memory: {r.randint(20, 4000)}.{r.randint(0, 9)}M\n"
    )


def _o_journal(r: Random, c: dict[str, object]) -> str:
    lines = []
    at = int(c["at"])
    for moment in sorted(at - r.randint(5, 10 * MIN) for _ in range(r.randint(3, 9))):
        lines.append(
            f"{_stamp(moment, '%b %d %H:%M:%S')} "
            f"{c['host']} {str(c['svc']).split('@')[0]}"
            f"[{r.randint(300, 9000)}]: "
            + r.choice(
                [
                    "connection reset by peer",
                    "worker process exited on signal 9",
                    "could not write to file: No space left on device",
                    "checkpoint complete",
                    "upstream timed out (110: Connection timed out)",
                    "Started session 4417 of user deploy.",
                    "WARNING: too many open files",
                    "reloading configuration",
                ]
            )
        )
    return "\n".join(lines) + "\n"


def _o_pods(r: Random, c: dict[str, object]) -> str:
    lines = ["NAME                                READY   STATUS             RESTARTS   AGE"]
    for _ in range(r.randint(2, 7)):
        status = r.choice(["Running"] * 6 + ["CrashLoopBackOff", "Pending", "OOMKilled"])
        pod = f"{c['app']}-{b32(r.getrandbits(45), 9)}-{b32(r.getrandbits(25), 5)}"
        lines.append(
            f"{pod.ljust(36)}{'1/1' if status == 'Running' else '0/1'}     "
            f"{status.ljust(18)} {r.randint(0, 30):<10} {r.randint(1, 60)}d"
        )
    return "\n".join(lines) + "\n"


def _o_nodes(r: Random, c: dict[str, object]) -> str:
    lines = ["NAME        STATUS                     ROLES    AGE    VERSION"]
    for i in range(r.randint(3, 8)):
        st = "Ready" if r.random() < 0.85 else "Ready,SchedulingDisabled"
        lines.append(
            f"node-{i + 1:02d}     {st.ljust(26)} <none>   {r.randint(20, 400)}d   "
            f"v{r.choice(VERSIONS['k8s'])}"
        )
    return "\n".join(lines) + "\n"


def _o_psql(r: Random, c: dict[str, object]) -> str:
    lines = [
        "  pid  | state  |     wait_event      |                  query",
        "-------+--------+---------------------+------------------------------------------",
    ]
    n = r.randint(2, 6)
    for _ in range(n):
        lines.append(
            f" {r.randint(1000, 99999):>5} | {r.choice(['active', 'idle  '])} | "
            f"{r.choice(WAIT_EVENTS)} | {r.choice(QUERIES)}"
        )
    lines.append(f"({n} rows)")
    return "\n".join(lines) + "\n"


WAIT_EVENTS = ["ClientRead         ", "WALWrite           ", "Lock:transactionid"]
QUERIES = ["select * from orders where", "update stock set qty =", "COMMIT"]


def _o_repl(r: Random, c: dict[str, object]) -> str:
    return (
        " client_addr |   state   |   replay_lag\n"
        "-------------+-----------+-----------------\n"
        f" {c['ip']}  | streaming | 00:00:0{r.randint(0, 9)}.{r.randint(100, 999)}\n"
        "(1 row)\n"
    )


def _o_patroni(r: Random, c: dict[str, object]) -> str:
    return (
        "+ Cluster: main (7301234567890123456) ----+----+-----------+\n"
        "| Member | Host        | Role    | State     | TL | Lag in MB |\n"
        "+--------+-------------+---------+-----------+----+-----------+\n"
        f"| pg-01  | 10.0.1.11   | Leader  | running   | {r.randint(3, 9)}  |           |\n"
        f"| pg-02  | 10.0.1.12   | Replica | streaming | {r.randint(3, 9)}  |         0 |\n"
        "+--------+-------------+---------+-----------+----+-----------+\n"
    )


def _o_openssl(r: Random, c: dict[str, object]) -> str:
    at = int(c["at"])
    after = at + r.randint(1, 30) * DAY
    return f"notBefore={_stamp_gmt(after - 90 * DAY)}\nnotAfter={_stamp_gmt(after)}\n"


def _o_curl(r: Random, c: dict[str, object]) -> str:
    return f"{r.choice([200, 200, 200, 502, 503, 301])} {r.uniform(0.02, 2.5):.3f}\n"


def _o_headers(r: Random, c: dict[str, object]) -> str:
    return (
        "HTTP/2 200\n"
        "content-type: text/html; charset=utf-8\n"
        "strict-transport-security: max-age=31536000\n"
        f"x-request-id: {r.getrandbits(64):016x}\n"
    )


def _o_dig(r: Random, c: dict[str, object]) -> str:
    return f"203.0.113.{r.randint(2, 250)}\n"


def _o_ping(r: Random, c: dict[str, object]) -> str:
    avg = r.uniform(0.2, 30)
    return (
        f"--- {c['ip']} ping statistics ---\n"
        f"3 packets transmitted, 3 received, 0% packet loss, time 2003ms\n"
        f"rtt min/avg/max/mdev = {avg * 0.8:.3f}/{avg:.3f}/{avg * 1.3:.3f}/"
        f"{avg * 0.1:.3f} ms\n"
    )


def _o_ansible(r: Random, c: dict[str, object]) -> str:
    ok, ch = r.randint(10, 60), r.randint(0, 12)
    return (
        "PLAY RECAP *********************************************************************\n"
        f"{c['host']}                : ok={ok}   changed={ch}   unreachable=0    failed=0    "
        f"skipped={r.randint(0, 20)}   rescued=0    ignored=0\n"
    )


def _o_du(r: Random, c: dict[str, object]) -> str:
    lines = []
    for name in r.sample(["log", "cache", "lib", "tmp", "backups", "spool", "www", "crash"], 5):
        lines.append(f"{r.randint(1, 900)}{r.choice(['M', 'G'])}\t{c['mount']}/{name}")
    lines.append(f"{r.randint(20, 480)}G\t{c['mount']}")
    return "\n".join(lines) + "\n"


def _o_ceph(r: Random, c: dict[str, object]) -> str:
    health = r.choice(["HEALTH_OK", "HEALTH_WARN", "HEALTH_OK"])
    return (
        "  cluster:\n"
        f"    id:     {r.getrandbits(32):08x}-2f1c-4c55-9a1e-{r.getrandbits(48):012x}\n"
        f"    health: {health}\n\n"
        "  services:\n"
        "    mon: 3 daemons, quorum ceph-01,ceph-02,ceph-03 (age 3w)\n"
        f"    osd: {r.randint(12, 60)} osds: {r.randint(12, 60)} up, {r.randint(12, 60)} in\n"
    )


def _o_restic(r: Random, c: dict[str, object]) -> str:
    lines = [
        "ID        Time                 Host        Tags        Paths",
        "------------------------------------------------------------------",
    ]
    for i in range(3):
        day = _stamp(int(c["at"]) - (3 - i) * DAY, "%Y-%m-%d")
        lines.append(
            f"{r.getrandbits(32):08x}  {day} 02:00:{r.randint(10, 59)}  "
            f"{c['host']}              /srv/data"
        )
    lines.append("------------------------------------------------------------------")
    lines.append("3 snapshots")
    return "\n".join(lines) + "\n"


def _o_redis(r: Random, c: dict[str, object]) -> str:
    used = r.randint(100, 9000)
    return (
        "# Memory\n"
        f"used_memory:{used * 1048576}\nused_memory_human:{used}.{r.randint(10, 99)}M\n"
        f"maxmemory_human:{r.choice(['4.00G', '8.00G', '16.00G'])}\n"
        f"mem_fragmentation_ratio:{r.uniform(1, 2):.2f}\n"
    )


def _o_oneline(text: str):
    return lambda r, c: text.format(**c) + "\n"


def _o_count(r: Random, c: dict[str, object]) -> str:
    return f"{r.randint(0, 40000)}\n"


def _o_vault(r: Random, c: dict[str, object]) -> str:
    return (
        "Key             Value\n---             -----\nSeal Type       shamir\n"
        f"Initialized     true\nSealed          {r.choice(['false', 'false', 'true'])}\n"
        f"Version         1.17.{r.randint(0, 6)}\nHA Mode         active\n"
    )


def _o_plan(r: Random, c: dict[str, object]) -> str:
    return (
        f"Plan: {r.randint(0, 5)} to add, {r.randint(0, 9)} to change, "
        f"{r.randint(0, 2)} to destroy.\n"
    )


OUTPUTS = {
    "df": _o_df,
    "free": _o_free,
    "uptime": _o_uptime,
    "systemctl": _o_systemctl,
    "journal": _o_journal,
    "pods": _o_pods,
    "nodes": _o_nodes,
    "psql": _o_psql,
    "repl": _o_repl,
    "patroni": _o_patroni,
    "openssl": _o_openssl,
    "curl": _o_curl,
    "headers": _o_headers,
    "dig": _o_dig,
    "ping": _o_ping,
    "ansible": _o_ansible,
    "du": _o_du,
    "ceph": _o_ceph,
    "restic": _o_restic,
    "redis": _o_redis,
    "count": _o_count,
    "vault": _o_vault,
    "plan": _o_plan,
    "uname": _o_oneline("{kver}-amd64"),
    "rollout": _o_oneline('deployment "{app}" successfully rolled out'),
    "nginx_t": lambda r, c: (
        "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n"
        "nginx: configuration file /etc/nginx/nginx.conf test is successful\n"
    ),
    "vacuum": _o_oneline("Vacuuming done, freed 1.2G of archived journals from /var/log/journal."),
    "healthy": _o_oneline("Prometheus Server is Healthy."),
    "zpool": _o_oneline("all pools are healthy"),
    "size": lambda r, c: f" pg_size_pretty\n----------------\n {r.randint(2, 900)} GB\n(1 row)\n",
}

# name -> (template, output kind or None, duration lo, hi (seconds), failure probability)
CMD_SPECS: dict[str, tuple[str, str | None, float, float, float]] = {
    "uptime": ("uptime", "uptime", 0.002, 0.02, 0.01),
    "df": ("df -h {mount}", "df", 0.005, 0.2, 0.01),
    "free": ("free -m", "free", 0.002, 0.02, 0.0),
    "status": ("systemctl status {svc} --no-pager", "systemctl", 0.02, 0.4, 0.08),
    "restart": ("sudo systemctl restart {svc}", None, 0.3, 45, 0.06),
    "journal": (
        "journalctl -u {svc} --since '{since}' --no-pager | tail -n 20",
        "journal",
        0.05,
        4,
        0.03,
    ),
    "follow": ("journalctl -fu {svc}", None, 20, 900, 0.9),
    "apt": ("sudo apt-get update && sudo apt-get -y upgrade", None, 15, 400, 0.08),
    "ss": ("sudo ss -tlnp | grep :{port}", None, 0.01, 0.1, 0.1),
    "ps": ("ps aux --sort=-%mem | head -n 5", None, 0.02, 0.2, 0.0),
    "ssh": ("ssh {host}", None, 30, 3600, 0.05),
    "reboot": ("sudo reboot", None, 0.1, 1, 0.0),
    "ansible": (
        "ansible-playbook -i inventories/{env} playbooks/{pb}.yml --limit {host}",
        "ansible",
        20,
        900,
        0.12,
    ),
    "ansible_check": (
        "ansible-playbook -i inventories/{env} playbooks/{pb}.yml --limit {host} --check --diff",
        "ansible",
        15,
        600,
        0.08,
    ),
    "ansible_ping": ("ansible -i inventories/{env} {host} -m ping", None, 1, 8, 0.05),
    "uname": ("uname -r", "uname", 0.001, 0.01, 0.0),
    "git": ("git pull --rebase", None, 0.4, 4, 0.05),
    "du": ("sudo du -xh --max-depth=1 {mount} | sort -h | tail -n 8", "du", 0.5, 120, 0.02),
    "find_delete": ("sudo find /var/log -name '*.gz' -mtime +14 -delete", None, 0.2, 30, 0.02),
    "lsblk": ("lsblk -o NAME,SIZE,TYPE,MOUNTPOINT", None, 0.005, 0.05, 0.0),
    "growpart": ("sudo growpart /dev/nvme1n1 1 && sudo resize2fs /dev/nvme1n1p1", None, 1, 20, 0.1),
    "iostat": ("iostat -x 5 3", None, 10, 11, 0.0),
    "vacuum": ("sudo journalctl --vacuum-size=500M", "vacuum", 0.5, 20, 0.0),
    "psql_activity": (
        "psql -h {host} -U postgres -c 'select pid, state, wait_event, "
        "left(query, 40) as query from pg_stat_activity'",
        "psql",
        0.03,
        2,
        0.05,
    ),
    "psql_repl": (
        "psql -h {host} -U postgres -c 'select client_addr, state, replay_lag from "
        "pg_stat_replication'",
        "repl",
        0.03,
        1,
        0.05,
    ),
    "psql_secret": (
        "PGPASSWORD=[REDACTED:1] psql -h {host} -U app -d {db} -c 'select 1'",
        None,
        0.03,
        1,
        0.1,
    ),
    "psql_size": (
        "sudo -u postgres psql -d {db} -c 'select pg_size_pretty("
        "pg_database_size(current_database()))'",
        "size",
        0.05,
        3,
        0.02,
    ),
    "vacuumdb": ("sudo -u postgres vacuumdb --all --analyze-in-stages", None, 30, 3600, 0.05),
    "patroni": ("patronictl -c /etc/patroni/patroni.yml list", "patroni", 0.3, 2, 0.05),
    "basebackup": (
        "sudo -u postgres pg_basebackup -h {host} -D /var/lib/postgresql/16/main -X stream -P",
        None,
        600,
        10800,
        0.1,
    ),
    "pg_restart": ("ssh {host} sudo systemctl restart postgresql@16-main", None, 2, 60, 0.05),
    "pods": ("kubectl -n {ns} get pods -o wide", "pods", 0.3, 3, 0.05),
    "describe": ("kubectl -n {ns} describe pod {pod}", None, 0.3, 3, 0.1),
    "logs": ("kubectl -n {ns} logs {pod} --tail=200", None, 0.3, 5, 0.1),
    "rollout_restart": ("kubectl -n {ns} rollout restart deploy/{app}", None, 0.3, 2, 0.05),
    "rollout_status": (
        "kubectl -n {ns} rollout status deploy/{app} --timeout=5m",
        "rollout",
        5,
        300,
        0.08,
    ),
    "nodes": ("kubectl get nodes", "nodes", 0.3, 2, 0.03),
    "drain": (
        "kubectl drain {host} --ignore-daemonsets --delete-emptydir-data",
        None,
        20,
        900,
        0.12,
    ),
    "uncordon": ("kubectl uncordon {host}", None, 0.3, 2, 0.02),
    "top": ("kubectl top pods -n {ns} --sort-by=memory", None, 0.4, 3, 0.05),
    "helm": (
        "helm -n {ns} upgrade {app} charts/{app} -f values/{env}.yaml --atomic",
        None,
        10,
        600,
        0.1,
    ),
    "helm_history": ("helm -n {ns} history {app} --max 5", None, 0.4, 2, 0.02),
    "openssl": (
        "openssl s_client -connect {domain}:443 -servername {domain} </dev/null "
        "2>/dev/null | openssl x509 -noout -dates",
        "openssl",
        0.1,
        2,
        0.03,
    ),
    "certbot": ("sudo certbot renew --cert-name {domain}", None, 3, 60, 0.1),
    "curl": (
        "curl -sS -o /dev/null -w '%{{http_code}} %{{time_total}}\\n' https://{domain}/healthz",
        "curl",
        0.05,
        3,
        0.08,
    ),
    "curl_i": ("curl -sI https://{domain}/", "headers", 0.05, 2, 0.05),
    "nginx_t": ("sudo nginx -t", "nginx_t", 0.02, 0.3, 0.05),
    "nginx_reload": ("sudo systemctl reload nginx", None, 0.05, 1, 0.02),
    "dig": ("dig +short {domain}", "dig", 0.01, 0.5, 0.02),
    "ping": ("ping -c 3 {ip}", "ping", 2, 3, 0.08),
    "mtr": ("mtr -rwc 10 {ip}", None, 10, 15, 0.02),
    "tcpdump": ("sudo tcpdump -ni any host {ip} -c 50", None, 5, 300, 0.3),
    "ipaddr": ("ip -br addr", None, 0.002, 0.02, 0.0),
    "switch": ("ssh {host} 'show interfaces status'", None, 1, 4, 0.08),
    "restic": ("restic -r s3:s3.example.com/{bucket} snapshots --latest 3", "restic", 1, 20, 0.08),
    "ceph": ("sudo ceph -s", "ceph", 0.2, 2, 0.02),
    "ceph_df": ("sudo ceph osd df tree", None, 0.2, 2, 0.02),
    "zpool": ("zpool status -x", "zpool", 0.01, 0.2, 0.0),
    "rsync": ("rsync -aH --info=progress2 /srv/data/ {host}:/srv/data/", None, 30, 14400, 0.1),
    "lastlog": ("sudo lastlog | head -n 20", None, 0.01, 0.1, 0.0),
    "vault": ("vault status", "vault", 0.05, 0.5, 0.05),
    "fail2ban": ("sudo fail2ban-client status sshd", None, 0.05, 0.3, 0.02),
    "authfail": ("sudo grep -c 'Failed password' /var/log/auth.log", "count", 0.05, 2, 0.05),
    "trivy": (
        "trivy image --severity HIGH,CRITICAL registry.example.com/{app}:latest",
        None,
        5,
        120,
        0.3,
    ),
    "keyscan": ("ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub", None, 0.005, 0.05, 0.0),
    "prom_healthy": ("curl -s http://{host}:9090/-/healthy", "healthy", 0.01, 0.5, 0.03),
    "promtool": ("promtool check rules /etc/prometheus/rules/*.yml", None, 0.1, 2, 0.1),
    "amtool": (
        "amtool silence add alertname={alert} instance={host}:9100 --duration=2h "
        '--comment="maintenance, see ticket"',
        None,
        0.1,
        1,
        0.03,
    ),
    "redis": ("redis-cli -h {host} info memory | head -n 5", "redis", 0.01, 0.3, 0.03),
    "kafka": (
        "kafka-consumer-groups.sh --bootstrap-server {host}:9092 --describe --group {app}",
        None,
        2,
        12,
        0.08,
    ),
    "tf_plan": ("terraform plan -target=module.{app}", "plan", 10, 240, 0.1),
    "tf_apply": ("terraform apply -target=module.{app} -auto-approve", None, 20, 900, 0.1),
    "mysql": (
        "mysql -h {host} -e 'SHOW REPLICA STATUS\\G' | grep -E 'Running|Behind'",
        None,
        0.05,
        1,
        0.05,
    ),
}
CMD_BY_NAME = CMD_SPECS
REMOTE_CMDS = {
    "pods",
    "describe",
    "logs",
    "rollout_restart",
    "rollout_status",
    "nodes",
    "drain",
    "uncordon",
    "top",
    "helm",
    "helm_history",
    "openssl",
    "curl",
    "curl_i",
    "dig",
    "ansible",
    "ansible_check",
    "ansible_ping",
    "git",
    "tf_plan",
    "tf_apply",
    "restic",
    "ssh",
    "amtool",
    "pg_restart",
    "switch",
    "psql_activity",
    "psql_repl",
    "psql_secret",
    "mysql",
    "redis",
    "kafka",
}
INTERACTIVE = {"follow", "tcpdump", "ssh", "iostat"}
TEMPLATED = {
    "pg_restart": "pg-restart",
    "rollout_restart": "k8s-restart",
    "openssl": "cert-check",
    "du": "disk-usage",
    "ansible": "run-playbook",
}
GENERIC_CMDS = [
    "uptime",
    "df",
    "free",
    "status",
    "restart",
    "journal",
    "follow",
    "apt",
    "ss",
    "ps",
    "ssh",
    "uname",
    "git",
    "ansible_ping",
    "ansible_check",
    "ipaddr",
]

CATEGORIES: dict[str, dict[str, object]] = {
    "disk": {
        "weight": 12,
        "incident": 0.6,
        "storm": True,
        "roles": ["db", "web", "k8s", "storage", "backup", "monitoring", "mq", "ci"],
        "tags": ["disk"],
        "alerts": ["DiskSpaceLow", "DiskWillFillIn4Hours", "InodesLow"],
        "titles": [
            "Disk full on {host}",
            "{mount} at {pct} % on {host}",
            "Clean up {mount} on {host}",
            "Grow volume for {mount} on {host}",
            "DiskWillFillIn4Hours: {host}",
        ],
        "cmds": ["df", "du", "find_delete", "lsblk", "growpart", "vacuum", "iostat", "df", "du"],
        "sentences": [
            "{mount} on {host} reached {pct} %.",
            "Growth is about {n} GB per week, mostly logs.",
            "Old WAL segments were not archived and piled up.",
            "The volume can be grown online; no restart needed.",
            "Log rotation on {host} is misconfigured since the last upgrade.",
        ],
    },
    "database": {
        "weight": 11,
        "incident": 0.4,
        "storm": False,
        "roles": ["db", "mysql"],
        "tags": ["database"],
        "alerts": [
            "PostgresReplicationLag",
            "PostgresTooManyConnections",
            "PostgresDown",
            "MySQLReplicaLag",
        ],
        "titles": [
            "Replication lag on {host}",
            "Too many connections on {host}",
            "Upgrade PostgreSQL to {ver} on {host}",
            "Vacuum bloat on {db} ({host})",
            "Slow queries on {db}",
            "Rebuild replica {host}",
            "Failover test for {db}",
        ],
        "cmds": [
            "psql_activity",
            "psql_repl",
            "psql_secret",
            "psql_size",
            "vacuumdb",
            "patroni",
            "basebackup",
            "pg_restart",
            "status",
            "journal",
            "mysql",
        ],
        "sentences": [
            "Replica {host} lags {n} minutes behind the primary.",
            "Connection pool of {app} is exhausted at peak times.",
            "Autovacuum cannot keep up with the update rate on {db}.",
            "PostgreSQL {ver} fixes the planner regression we hit.",
            "Patroni switched over at night; check why.",
        ],
    },
    "certificate": {
        "weight": 6,
        "incident": 0.15,
        "storm": False,
        "roles": ["lb", "web", "mail", "zone"],
        "tags": ["tls"],
        "alerts": ["CertificateExpiry", "SSLCertExpiringSoon"],
        "titles": [
            "Renew TLS certificate for {domain}",
            "Certificate for {domain} expires soon",
            "Switch {domain} to ACME DNS-01",
            "Wrong intermediate chain on {domain}",
        ],
        "cmds": ["openssl", "certbot", "curl", "curl_i", "nginx_t", "nginx_reload", "dig"],
        "sentences": [
            "The certificate for {domain} expires in {n} days.",
            "Auto-renewal failed because port 80 is blocked by the new firewall rule.",
            "The client wants an EV certificate; order through their account.",
            "Old clients still need the cross-signed chain.",
        ],
    },
    "kubernetes": {
        "weight": 12,
        "incident": 0.4,
        "storm": True,
        "roles": ["k8s"],
        "tags": ["kubernetes"],
        "alerts": [
            "KubePodCrashLooping",
            "KubeNodeNotReady",
            "KubeDeploymentReplicasMismatch",
            "KubeletDown",
        ],
        "titles": [
            "{app} pods crash-looping in {ns}",
            "Node {host} NotReady",
            "Upgrade {cluster} to {ver}",
            "Rotate kubelet certificates on {cluster}",
            "Evictions on {host}",
            "Roll out {app} with new resource limits",
        ],
        "cmds": [
            "pods",
            "describe",
            "logs",
            "rollout_restart",
            "rollout_status",
            "nodes",
            "drain",
            "uncordon",
            "top",
            "helm",
            "helm_history",
        ],
        "sentences": [
            "{app} in namespace {ns} restarts every few minutes (OOMKilled).",
            "Node {host} stopped reporting after the kernel update.",
            "The cluster {cluster} runs an unsupported version soon.",
            "Resource requests of {app} are far below real usage.",
        ],
    },
    "network": {
        "weight": 7,
        "incident": 0.5,
        "storm": True,
        "roles": ["lb", "net", "dns", "zone"],
        "tags": ["network"],
        "alerts": ["HostDown", "PacketLoss", "BGPSessionDown", "HAProxyBackendDown"],
        "titles": [
            "Packet loss between {deploy} and the internet",
            "{host} unreachable",
            "HAProxy backend down for {domain}",
            "Update DNS records for {domain}",
            "Replace optics on {host}",
            "BGP session flapping on {host}",
        ],
        "cmds": ["ping", "mtr", "dig", "tcpdump", "ipaddr", "switch", "curl", "status"],
        "sentences": [
            "Packet loss of {n} % towards {ip} since 09:40.",
            "The upstream provider confirmed maintenance on their side.",
            "Flapping started after the firmware update of {host}.",
            "TTL of the records for {domain} is 300 s.",
        ],
    },
    "patching": {
        "weight": 14,
        "incident": 0.0,
        "storm": False,
        "roles": [
            "web",
            "k8s",
            "db",
            "cache",
            "mq",
            "bastion",
            "vault",
            "ci",
            "monitoring",
            "mail",
            "storage",
        ],
        "tags": ["patching"],
        "alerts": ["RebootRequired"],
        "titles": [
            "Patch {host} (kernel {kver})",
            "Monthly patching {deploy}",
            "Security updates for {host}",
            "Reboot {host} after glibc update",
            "OS upgrade to Debian 12 on {host}",
        ],
        "cmds": [
            "ansible",
            "ansible_check",
            "apt",
            "reboot",
            "uname",
            "status",
            "ansible_ping",
            "drain",
            "uncordon",
        ],
        "sentences": [
            "Kernel {kver} fixes the CVEs from this month's advisory.",
            "Needs a reboot; run inside the maintenance window.",
            "{n} packages pending on {host}.",
            "Replicas are patched first, the primary last.",
        ],
    },
    "backup": {
        "weight": 6,
        "incident": 0.3,
        "storm": False,
        "roles": ["backup", "db", "storage"],
        "tags": ["backup"],
        "alerts": ["BackupFailed", "BackupTooOld"],
        "titles": [
            "Backup failed on {host}",
            "Restore test for {db}",
            "Rotate backup encryption key ({bucket})",
            "Backup older than 26 h: {host}",
        ],
        "cmds": ["restic", "ceph", "zpool", "rsync", "df", "journal", "basebackup"],
        "sentences": [
            "Last good snapshot of {host} is {n} hours old.",
            "The quarterly restore test is due for {client}.",
            "The repository {bucket} is at {pct} % of its quota.",
        ],
    },
    "security": {
        "weight": 6,
        "incident": 0.2,
        "storm": False,
        "roles": ["bastion", "vault", "web"],
        "tags": ["security"],
        "alerts": ["SSHBruteForce", "VaultSealed"],
        "titles": [
            "Rotate credentials for {app}",
            "Brute force attempts on {host}",
            "CVE triage for {app} image",
            "Vault sealed on {host}",
            "Review sudoers on {host}",
        ],
        "cmds": ["lastlog", "vault", "fail2ban", "authfail", "trivy", "keyscan", "psql_secret"],
        "sentences": [
            "{n} failed logins per minute from a single network.",
            "The image for {app} has critical CVEs.",
            "Credentials of {app} were last rotated a year ago.",
        ],
    },
    "capacity": {
        "weight": 5,
        "incident": 0.1,
        "storm": False,
        "roles": ["k8s", "db", "storage", "mq", "cache"],
        "tags": ["capacity"],
        "alerts": ["CPUThrottlingHigh", "MemoryPressure"],
        "titles": [
            "Add capacity to {cluster}",
            "Memory pressure on {host}",
            "Plan Q1 capacity for {client}",
            "Kafka partitions for {app}",
        ],
        "cmds": ["top", "free", "nodes", "redis", "kafka", "tf_plan", "tf_apply", "ceph_df"],
        "sentences": [
            "Utilisation of {cluster} is above {pct} % at peak.",
            "{client} expects {n} % more traffic in December.",
            "Memory of {host} was sized for the old workload.",
        ],
    },
    "access": {
        "weight": 4,
        "incident": 0.0,
        "storm": False,
        "roles": ["bastion", "db", "vault"],
        "tags": ["access"],
        "alerts": ["AccessRequest"],
        "titles": [
            "Grant read access to {db} for {person}",
            "Offboard {person}",
            "SSH access to {host} for the vendor",
            "Quarterly access review for {client}",
        ],
        "cmds": ["ansible", "keyscan", "lastlog", "psql_secret", "vault"],
        "sentences": [
            "Request approved by the team lead.",
            "Access is time-limited to {n} days.",
            "Four-eyes review required.",
        ],
    },
    "deploy": {
        "weight": 6,
        "incident": 0.2,
        "storm": False,
        "roles": ["web", "k8s", "ci"],
        "tags": ["deploy"],
        "alerts": ["DeploymentFailed"],
        "titles": [
            "Deploy {app} {ver} to {env}",
            "Rollback {app} in {ns}",
            "Fix CI runner {host}",
            "Blue/green switch for {app}",
        ],
        "cmds": [
            "helm",
            "helm_history",
            "rollout_status",
            "rollout_restart",
            "git",
            "curl",
            "pods",
            "tf_plan",
        ],
        "sentences": [
            "Release {ver} of {app} is approved by {client}.",
            "The rollout stalled at {n} % of pods.",
            "CI runner {host} runs out of disk on every large build.",
        ],
    },
    "monitoring": {
        "weight": 5,
        "incident": 0.3,
        "storm": False,
        "roles": ["monitoring"],
        "tags": ["monitoring"],
        "alerts": ["PrometheusTargetMissing", "AlertmanagerFailedToSend", "PrometheusRuleFailures"],
        "titles": [
            "Targets missing in Prometheus on {host}",
            "Tune alert {alert}",
            "Alertmanager cannot reach the pager",
            "Add dashboards for {app}",
        ],
        "cmds": ["prom_healthy", "promtool", "amtool", "curl", "status", "journal"],
        "sentences": [
            "{n} targets are missing since the relabelling change.",
            "Alert {alert} is too noisy: it fired {n} times last week.",
            "Retention on {host} is too short for the quarterly report.",
        ],
    },
    "decommission": {
        "weight": 2,
        "incident": 0.0,
        "storm": False,
        "roles": ["web", "db"],
        "tags": ["decommission"],
        "alerts": ["HostDown"],
        "titles": [
            "Decommission {host}",
            "Remove {host} from monitoring and backups",
            "Wipe disks of {host}",
        ],
        "cmds": ["ansible", "ssh", "restic", "dig", "amtool"],
        "sentences": [
            "{host} was replaced by the new generation.",
            "Keep the last backup for 90 days.",
            "Remove DNS records and monitoring.",
        ],
    },
    "migration": {
        "weight": 2,
        "incident": 0.0,
        "storm": False,
        "roles": ["db", "web", "k8s", "storage"],
        "tags": ["migration"],
        "alerts": ["MigrationLag"],
        "titles": [
            "Migrate {db} to {cluster}",
            "Move {app} from VMs to Kubernetes",
            "Datacenter exit: move {deploy} workloads",
            "Migrate storage of {host} to Ceph",
        ],
        "cmds": [
            "rsync",
            "basebackup",
            "psql_repl",
            "helm",
            "tf_plan",
            "tf_apply",
            "ansible",
            "dig",
            "curl",
            "pods",
            "ceph",
        ],
        "sentences": [
            "Part of the datacenter exit programme for {client}.",
            "Cutover needs a maintenance window of about {n} hours.",
            "Data volume is roughly {n} TB.",
            "Rollback plan: switch DNS back and re-enable the old replica.",
        ],
    },
}
CATEGORY_NAMES = list(CATEGORIES)
CATEGORY_WEIGHTS = [int(c["weight"]) for c in CATEGORIES.values()]


# ----------------------------------------------------------------------------------------
# Command line
# ----------------------------------------------------------------------------------------
def write_corpus(corpus: Corpus, out: str) -> tuple[int, int]:
    nbytes = 0
    made: set[str] = set()
    for rel, text in corpus.files:
        path = os.path.join(out, rel)
        parent = os.path.dirname(path)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        data = text.encode("utf-8")
        with open(path, "wb") as fh:
            fh.write(data)
        nbytes += len(data)
    return len(corpus.files), nbytes


def git_commit(out: str, args: argparse.Namespace) -> None:
    env = dict(os.environ)
    for name in list(env):
        if name.startswith("GIT_"):
            del env[name]
    stamp = NOW.isoformat()
    env.update(GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
    base = [
        "git",
        "-c",
        "user.name=bench",
        "-c",
        "user.email=bench@example.com",
        "-c",
        "commit.gpgsign=false",
        "-c",
        "init.defaultBranch=main",
        "-C",
        out,
    ]
    subprocess.run([*base, "init", "-q"], check=True, env=env)
    subprocess.run(
        [*base, "add", "-A", "--", *[p for p in OWNED if os.path.exists(os.path.join(out, p))]],
        check=True,
        env=env,
    )
    message = (
        f"bench corpus: seed {args.seed}, {args.tasks} tasks, {args.commands} commands, "
        f"{args.windows} windows"
    )
    subprocess.run([*base, "commit", "-q", "--no-verify", "-m", message], check=True, env=env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", metavar="OUT", help="directory to create the ledger in")
    parser.add_argument("--tasks", type=int, default=10000)
    parser.add_argument("--commands", type=int, default=100000)
    parser.add_argument("--windows", type=int, default=1000)
    parser.add_argument(
        "--components", type=int, default=2000, help="approximate inventory size (default 2000)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--force",
        action="store_true",
        help="write into a non-empty OUT; the generator's own files and "
        "folders there are replaced, anything else is left alone",
    )
    parser.add_argument(
        "--git", action="store_true", help="git init OUT and commit everything in one commit"
    )
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)
    for name in ("tasks", "commands", "windows", "components"):
        if getattr(args, name) < 0:
            parser.error(f"--{name} must not be negative")
    if args.commands and not args.tasks:
        parser.error("--commands needs at least one task")
    out = args.out
    if os.path.exists(out) and not os.path.isdir(out):
        parser.error(f"{out} exists and is not a directory")
    if os.path.isdir(out) and os.listdir(out):
        if not args.force:
            print(
                f"gen_corpus: {out} is not empty (use --force to replace the corpus in it)",
                file=sys.stderr,
            )
            return 1
        for name in OWNED:
            path = os.path.join(out, name)
            if os.path.isdir(path):
                shutil.rmtree(path)
            elif os.path.exists(path):
                os.remove(path)
    os.makedirs(out, exist_ok=True)

    started = time.perf_counter()
    corpus = Corpus(args.seed, args.tasks, args.commands, args.windows, args.components)
    corpus.build()
    built = time.perf_counter()
    files, nbytes = write_corpus(corpus, out)
    written = time.perf_counter()
    if args.git:
        git_commit(out, args)
    done = time.perf_counter()
    if not args.quiet:
        n_cmds = sum(int(t["n_cmds"]) for t in corpus.tasks)
        task_bytes = [len(text.encode()) for rel, text in corpus.files if rel.startswith("tasks/")]
        avg = sum(task_bytes) / len(task_bytes) if task_bytes else 0
        print(
            f"gen_corpus: {files} files, {nbytes / 1e6:.1f} MB in {out}: "
            f"{len(corpus.tasks)} tasks ({n_cmds} commands, avg {avg / 1024:.1f} KiB, "
            f"max {max(task_bytes, default=0) / 1024:.0f} KiB), {len(corpus.windows)} windows, "
            f"{len(corpus.components)} components"
        )
        print(
            f"gen_corpus: generate {built - started:.1f} s, write {written - built:.1f} s"
            + (f", git {done - written:.1f} s" if args.git else "")
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
