"""The output formats: json shape, GitHub workflow commands, SARIF 2.1.0."""

from __future__ import annotations

import json
import shutil

from tests.cli.conftest import Runner
from tests.validate.conftest import NOW, MakeLedger


def test_json_is_the_documented_shape(make_ledger: MakeLedger, run: Runner) -> None:
    make_ledger("ol109-unknown-record")
    result = run("--now", NOW, "validate", "--format", "json")
    assert result.code == 1
    document = json.loads(result.out)
    assert set(document) == {"version", "ok", "base", "summary", "findings"}
    assert document["version"] == 1 and document["ok"] is False
    first = document["findings"][0]
    assert first == {
        "check": "OL109",
        "name": "unknown-record",
        "severity": "error",
        "message": "unknown task T-zzzzzzzz (no such file in the ledger)",
        "file": "tasks/T-cccccccc.yaml",
        "line": 3,
        "column": 9,
        "hint": "check the id; records are found by file name",
    }
    assert document["summary"]["errors"] == len(document["findings"])


def test_json_of_a_clean_ledger(make_ledger: MakeLedger, run: Runner) -> None:
    make_ledger()
    document = json.loads(run("--now", NOW, "validate", "--format=json").out)
    assert document["ok"] is True and document["findings"] == []


def test_github_annotations(make_ledger: MakeLedger, run: Runner) -> None:
    make_ledger("ol108-unknown-team")
    result = run("--now", NOW, "validate", "--format", "github")
    lines = result.out.splitlines()
    assert (
        "::error file=tasks/T-cccccccc.yaml,line=3,col=7,title=OL108 unknown-team::"
        "unknown team 'network' (not in people.yaml) "
        "(hint: add it under teams: in people.yaml or fix the name) [OL108]"
    ) in lines
    assert all(line.startswith(("::error ", "::warning ")) for line in lines)


def test_paths_are_from_the_repository_top_or_the_current_directory(
    make_ledger: MakeLedger, run: Runner
) -> None:
    repo = make_ledger()
    ops = repo / "ops"
    ops.mkdir()
    for name in ("opsledger.yaml", "people.yaml", "inventory.yaml", "tasks", "windows"):
        shutil.move(str(repo / name), str(ops / name))
    (ops / "tasks/T-aaaaaaaa.yaml").write_text(
        (ops / "tasks/T-aaaaaaaa.yaml").read_text().replace("team: dba", "team: nope")
    )
    result = run("--now", NOW, "validate", "--format", "github", "ops/tasks/T-aaaaaaaa.yaml")
    assert result.out.startswith("::error file=ops/tasks/T-aaaaaaaa.yaml,line=7,col=7,"), result
    text = run("--now", NOW, "-C", "ops", "validate")
    assert text.out.startswith("ops/tasks/T-aaaaaaaa.yaml:7:7: error: unknown team"), text


def test_sarif(make_ledger: MakeLedger, run: Runner) -> None:
    make_ledger("ol105-decommissioned-component")
    result = run("--now", NOW, "validate", "--format", "sarif")
    assert result.code == 0
    document = json.loads(result.out)
    assert document["version"] == "2.1.0"
    (sarif_run,) = document["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert "OL101" in ids and "OL105" in ids
    (first, _second) = sarif_run["results"]
    assert first["ruleId"] == "OL105" and first["level"] == "warning"
    assert rules[first["ruleIndex"]]["id"] == "OL105"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "tasks/T-cccccccc.yaml"
    assert location["region"] == {"startLine": 4, "startColumn": 14}
