"""``secret rotate`` and ``secret recipients``: re-encryption in place, one commit."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from opsledger.crypto.splice import apply, locate
from opsledger.store.fastload import load_fast
from tests.cli.conftest import Runner, commit_count, task_file
from tests.crypto.conftest import Keys, grep_tree, new_task, set_secret
from tests.helpers import git


def _values(path: Path) -> list[str]:
    return re.findall(r"ENC\[age,v1,r=[0-9a-f]{8},[A-Za-z0-9+/=]+\]", path.read_text())


def test_rotate_rewrites_every_value_in_place(
    secret_ledger: Path, run: Runner, keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = new_task(run, "one"), new_task(run, "two")
    for task_id in (first, second):
        set_secret(run, task_id, "secrets.a", f"alpha-{task_id}")
        set_secret(run, task_id, "labels.b", f"beta-{task_id}")
    path = task_file(secret_ledger, first)
    before = path.read_text()
    count = commit_count(secret_ledger)
    result = run("secret", "rotate")
    assert result.code == 0, result.err
    assert "re-encrypted 4 values in 2 files" in result.out
    assert commit_count(secret_ledger) == count + 1
    message = git(secret_ledger, "log", "-1", "--format=%s%n%b")
    assert message.startswith("secret(batch): rotate 4 values in 2 files")
    assert f"Opsledger-Id: {first}" in message and f"Opsledger-Id: {second}" in message
    after = path.read_text()
    # Only the ENC strings changed: everything around them is byte-identical.
    assert re.sub(r"ENC\[[^]]*\]", "X", before) == re.sub(r"ENC\[[^]]*\]", "X", after)
    assert set(_values(path)).isdisjoint(_values_of(before))
    assert run("secret", "get", first, "labels.b").out == f"beta-{first}\n"
    # --stale-only with nothing stale changes nothing.
    assert "re-encrypted 0 values" in run("secret", "rotate", "--stale-only").out
    assert commit_count(secret_ledger) == count + 1


def _values_of(text: str) -> list[str]:
    return re.findall(r"ENC\[[^]]*\]", text)


def test_someone_leaves(
    secret_ledger: Path, run: Runner, keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    task_id = new_task(run)
    set_secret(run, task_id, "secrets.a", "only-for-stayers")
    monkeypatch.setenv("OPSLEDGER_AGE_IDENTITY", str(keys.ci))
    assert run("secret", "get", task_id, "secrets.a").code == 0
    monkeypatch.delenv("OPSLEDGER_AGE_IDENTITY")
    count = commit_count(secret_ledger)
    result = run("secret", "recipients", "remove", "bot:ci")
    assert result.code == 0, result.err
    assert "re-encrypted 1 values" in result.out
    assert commit_count(secret_ledger) == count + 1
    assert "bot:ci" not in (secret_ledger / "opsledger.yaml").read_text()
    monkeypatch.setenv("OPSLEDGER_AGE_IDENTITY", str(keys.ci))
    result = run("secret", "get", task_id, "secrets.a")
    assert result.code == 1 and "none of your identities" in result.err
    assert "operator" in result.err and "olivia" in result.err
    monkeypatch.delenv("OPSLEDGER_AGE_IDENTITY")
    assert run("secret", "recipients", "add", "bot:ci", "--path", "tasks/**").code == 0
    monkeypatch.setenv("OPSLEDGER_AGE_IDENTITY", str(keys.ci))
    assert run("secret", "get", task_id, "secrets.a").out == "only-for-stayers\n"


def test_recipients_listing_and_stale_check(secret_ledger: Path, run: Runner) -> None:
    rows = json.loads(run("secret", "recipients", "--json").out)
    assert [r["path"] for r in rows] == ["policies/**", "tasks/**", "**"]
    assert rows[1]["readers"] == ["bot:ci", "olivia", "operator"]
    assert all(re.fullmatch("[0-9a-f]{8}", r["fingerprint"]) for r in rows)
    task_id = new_task(run)
    set_secret(run, task_id, "secrets.a", "x-value-1")
    assert "OL301" in run("validate").out  # the notify url must be encrypted
    set_secret(run, "policies/notify.yaml", "channels.sre-slack.url", "https://hooks/z")
    assert run("validate").code == 0
    config = secret_ledger / "opsledger.yaml"
    config.write_text(config.read_text().replace("[team:sre, bot:ci]", "[team:sre]"))
    result = run("validate")
    assert "OL303" in result.out + result.err
    assert run("secret", "rotate", "--stale-only").code == 0
    assert "OL303" not in run("validate").out


def test_splice_matches_the_parser_and_falls_back() -> None:
    enc = "ENC[age,v1,r=0011aabb,YWdlLWVuY3J5cHRpb24ub3JnL3YxCg==]"
    text = f'a: {enc}\nb: {{c: "{enc}"}}\n# {enc}\n'
    assert locate(text, load_fast(text, "t.yaml")) is None  # the comment: round-trip instead
    text = f'a: {enc}\nb: {{c: "{enc}"}}\n'
    spans = locate(text, load_fast(text, "t.yaml"))
    assert spans is not None and [s[0] for s in spans] == [("a",), ("b", "c")]
    out = apply(text, [(s[1], s[2], "NEW") for s in spans])
    assert out == 'a: NEW\nb: {c: "NEW"}\n'


def test_no_plaintext_anywhere_after_everything(
    secret_ledger: Path, run: Runner, tmp_path: Path
) -> None:
    secret = "never-in-plain-Zx81"
    task_id = new_task(run)
    set_secret(run, task_id, "secrets.a", secret)
    assert run("secret", "rotate").code == 0
    result = run("validate")
    assert secret not in result.out + result.err
    run("list", "--json")  # builds the index where one exists
    run("search", "never")
    assert grep_tree(secret_ledger, secret) == []


def test_rotate_in_worker_processes_gives_the_same_result(secret_ledger: Path, run: Runner) -> None:
    from opsledger.crypto.rotate import rotate_files
    from opsledger.ledger import Ledger

    ids = [new_task(run, f"t{i}") for i in range(3)]
    for task_id in ids:
        set_secret(run, task_id, "secrets.a", f"par-{task_id}")
    ledger = Ledger.open(secret_ledger)
    with ledger.ws.transaction("secret", "rotate", "batch") as tx:
        report = rotate_files(ledger.ws, tx, ledger.secrets.codec, parallel_min=1)
    assert report.values == 3 and sorted(report.files) == sorted(f"tasks/{i}.yaml" for i in ids)
    for task_id in ids:
        assert run("secret", "get", task_id, "secrets.a").out == f"par-{task_id}\n"
