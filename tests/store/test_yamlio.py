from __future__ import annotations

import difflib
import time
from enum import Enum
from pathlib import Path
from typing import Any

import pytest

from opsledger.model.errors import ParseError
from opsledger.store.yamlio import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    YamlDocument,
    new_document,
    parse_value,
)

GOLDENS = Path(__file__).parent / "goldens"


def check_golden(request: pytest.FixtureRequest, name: str, actual: str) -> None:
    """Compare with goldens/<name>; ``--update-goldens`` rewrites the file instead."""
    path = GOLDENS / name
    if request.config.getoption("--update-goldens", default=False):
        path.write_text(actual, encoding="utf-8", newline="")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, "".join(
        difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "golden", "actual")
    )


def parse(text: str, filename: str = "tasks/T-x.yaml") -> YamlDocument:
    return YamlDocument.parse(text, filename)


def refusal(text: str, filename: str = "tasks/T-x.yaml") -> str:
    with pytest.raises(ParseError) as info:
        YamlDocument.parse(text, filename)
    return str(info.value)


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """(removed lines, added lines) between two texts."""
    removed: list[str] = []
    added: list[str] = []
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines())
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            removed += before.splitlines()[i1:i2]
            added += after.splitlines()[j1:j2]
    return removed, added


# --- the golden edit --------------------------------------------------------------------------


def test_golden_task_edit_changes_only_the_edited_lines(request: pytest.FixtureRequest) -> None:
    source = (GOLDENS / "task_edit.input.yaml").read_text(encoding="utf-8")
    doc = parse(source)
    assert doc.dump() == source  # untouched: byte for byte

    doc.set(["status"], "done")
    doc.set(["resolution"], "WAL archive destination cleaned up, archiving resumed")
    doc.append(
        ["commands"],
        {
            "id": "w3n8rt",
            "at": "2026-11-20T11:02:00+01:00",
            "cmd": "df -h /var/lib/postgresql",
            "exit": 0,
            "duration": 0.03,
            "output": "/dev/nvme1n1 500G 300G 200G 60% /var/lib/postgresql\n",
        },
    )
    output = doc.dump()

    check_golden(request, "task_edit.expected.yaml", output)
    removed, added = changed_lines(source, output)
    assert removed == ["status: in_progress        # was: assigned"]
    assert added == [
        "status: done               # was: assigned",
        "-   {id: w3n8rt, at: 2026-11-20T11:02:00+01:00, cmd: df -h /var/lib/postgresql, "
        'exit: 0, duration: 0.03, output: "/dev/nvme1n1 500G 300G 200G 60% '
        '/var/lib/postgresql\\n"}',
        "resolution: WAL archive destination cleaned up, archiving resumed",
    ]
    assert parse(output).plain()["commands"][2]["output"].endswith("60% /var/lib/postgresql\n")


APPENDIX_A_TASK = """\
# yaml-language-server: $schema=../.opsledger/schemas/task.schema.json
id: T-3kq9f2xw
title: Disk full on pg-07
type: incident
status: in_progress
components: [aws/eu-west-1/prod/db/pg-07]
created: 2026-11-20T10:15:00+01:00
sla: {policy: incident-critical, start_by: 2026-11-20T10:30:00+01:00}
description: |
  /var/lib/postgresql at 97 %. WAL archiving stalled.
commands:
  - {id: k2m9qa, at: 2026-11-20T10:22:00+01:00, cmd: df -h /var/lib/postgresql, exit: 0, \
duration: 0.04, output: "/dev/nvme1n1 500G 485G 15G 97% /var/lib/postgresql\\n"}
  - {id: p7x1cd, at: 2026-11-20T10:31:00+01:00, cmd: "PGPASSWORD=[REDACTED:1] psql -h pg-07 \
-c 'select 1'", exit: 0, redacted: {"1": "ENC[age,v1,r=1a2b3c4d,YWdlLWVu...]"}}
events:
  - {id: e9v2nb, at: 2026-11-20T10:20:00+01:00, by: olivia, kind: status, from: assigned, \
to: in_progress}
secrets:
  db_password: ENC[age,v1,r=1a2b3c4d,YWdlLWVuY3J5cHRpb24u...]
"""


def test_appendix_a_shapes_round_trip_and_new_entries_match_them() -> None:
    doc = parse(APPENDIX_A_TASK)
    assert doc.dump() == APPENDIX_A_TASK
    doc.append(["events"], {"id": "e2", "at": "2026-11-20T10:40:00+01:00", "kind": "comment"})
    doc.append(["time"], {"id": "t4h8wz", "minutes": 45, "billable": True})
    lines = doc.dump().splitlines()
    assert "  - {id: e2, at: 2026-11-20T10:40:00+01:00, kind: comment}" in lines
    assert lines[-2:] == ["time:", "  - {id: t4h8wz, minutes: 45, billable: true}"]


# --- YAML 1.2 semantics -------------------------------------------------------------------


def test_core_schema_scalars() -> None:
    data = parse(
        "a: NO\nb: yes\nc: on\nd: 010\ne: 0o17\nf: 0x1F\ng: 1e3\nh: .inf\ni: -.Inf\n"
        "j: ~\nk: null\nl:\nm: True\nn: '3'\no: 2026-11-20T10:15:00+01:00\np: 2026-09-01\n"
        "q: 1_000\nr: 0b101\ns: +5\nt: 1.50\nu: =\nv: <<\nw: 12:30\n"
    ).plain()
    assert data == {
        "a": "NO",
        "b": "yes",
        "c": "on",
        "d": 10,
        "e": 15,
        "f": 31,
        "g": 1000.0,
        "h": float("inf"),
        "i": float("-inf"),
        "j": None,
        "k": None,
        "l": None,
        "m": True,
        "n": "3",
        "o": "2026-11-20T10:15:00+01:00",
        "p": "2026-09-01",
        "q": "1_000",
        "r": "0b101",
        "s": 5,
        "t": 1.5,
        "u": "=",
        "v": "<<",
        "w": "12:30",
    }
    assert parse("x: .nan\n").plain()["x"] != parse("x: .nan\n").plain()["x"]


def test_plain_returns_builtin_types_only() -> None:
    doc = parse("a: 'q'\nb: |\n  t\nc: 0x1F\nd: 1.50\ne: [1, {f: \"g\"}]\n")
    seen: list[type] = []

    def walk(value: Any) -> None:
        seen.append(type(value))
        if isinstance(value, dict):
            for key, child in value.items():
                seen.append(type(key))
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(doc.plain())
    assert set(seen) <= {dict, list, str, int, float}


def test_empty_and_comment_only_files_have_no_data() -> None:
    for text in ("", "# only a comment\n", "\n\n"):
        doc = parse(text)
        assert doc.data is None
        assert doc.plain() is None
        assert doc.dump() == text


def test_set_on_an_empty_document_creates_a_mapping() -> None:
    doc = parse("")
    doc.set(["id"], "T-1")
    assert doc.dump() == "id: T-1\n"


def test_bom_is_accepted_and_kept() -> None:
    doc = parse("\ufeffa: 1\n")
    assert doc.plain() == {"a": 1}
    doc.set(["b"], 2)
    assert doc.dump() == "\ufeffa: 1\nb: 2\n"


def test_crlf_line_endings_are_kept() -> None:
    doc = parse("a: 1\r\nb: [x]\r\n")
    doc.set(["c"], "v")
    assert doc.dump() == "a: 1\r\nb: [x]\r\nc: v\r\n"


def test_spellings_of_untouched_scalars_survive() -> None:
    text = "a: ~\nb: NULL\nc:\nd: True\ne: +5\nf: 0x1F\ng: 1.50\nh: [~, FALSE]\ni: 007\nj: 1E3\n"
    doc = parse(text)
    assert doc.dump() == text
    doc.set(["a"], 1)
    doc.set(["k"], None)
    assert doc.dump() == text.replace("a: ~", "a: 1") + "k: null\n"


# --- refusals ------------------------------------------------------------------------------------


def test_duplicate_key_names_the_key_at_its_second_occurrence() -> None:
    text = "id: T-1\nstatus: open\ntitle: x\nstatus: done\n"
    assert refusal(text) == "tasks/T-x.yaml:4:1: duplicate key 'status'"
    nested = "a:\n  b: 1\n  c: {d: 1, d: 2}\n"
    assert refusal(nested) == "tasks/T-x.yaml:3:13: duplicate key 'd'"
    assert refusal("1: a\n01: b\n") == "tasks/T-x.yaml:2:1: duplicate key 1"


def test_anchors_and_aliases_are_refused() -> None:
    assert refusal("a: &x 1\n") == (
        "tasks/T-x.yaml:1:4: anchors and aliases are not allowed (found &x)"
    )
    assert refusal("a: 1\nb: *x\n") == (
        "tasks/T-x.yaml:2:4: anchors and aliases are not allowed (found *x)"
    )
    assert refusal("- &list [1]\n").startswith("tasks/T-x.yaml:1:3: anchors")


def test_billion_laughs_is_refused_at_once() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    start = time.perf_counter()
    message = refusal("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 0.5
    assert message == "tasks/T-x.yaml:1:4: anchors and aliases are not allowed (found &a)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("%YAML 1.2\n---\na: 1\n", "1:1: YAML directives (%YAML, %TAG) are not allowed"),
        ("%TAG !e! tag:example.com,2000:\n---\na: 1\n", "1:1: YAML directives"),
        ("# c\n%FOO bar\n---\na: 1\n", "2:1: YAML directives"),
        ("a: !!str 1\n", "1:4: explicit tags are not allowed (found !!str)"),
        ("a: !foo x\n", "1:4: explicit tags are not allowed (found !foo)"),
        ("a: ! x\n", "1:4: explicit tags are not allowed (found !)"),
        ("a: !!python/object:os.system x\n", "(found !!python/object:os.system)"),
        ("a:\n  b: !!set {x}\n", "2:6: explicit tags are not allowed (found !!set)"),
        ("!!map\na: 1\n", "1:1: explicit tags are not allowed (found !!map)"),
        ("a: 1\n---\nb: 2\n", "2:1: a file holds one YAML document; found a second one"),
        ("? [a, b]\n: 1\n", "1:3: mapping keys must be scalars"),
        ("{[a]: 1}\n", "1:2: mapping keys must be scalars"),
        ("a: \x07\n", "1:4: YAML syntax error: character U+0007 is not allowed"),
    ],
)
def test_refusals(text: str, message: str) -> None:
    assert refusal(text).startswith("tasks/T-x.yaml:")
    assert message in refusal(text)


def test_a_percent_sign_inside_a_quoted_scalar_is_not_a_directive() -> None:
    assert parse('a: "x\n%y"\n').plain() == {"a": "x %y"}


def test_syntax_error_is_one_line_at_the_problem_mark() -> None:
    text = "id: T-x\ntitle: t\nstatus: open\nfoo: a: b\n"
    assert refusal(text) == (
        "tasks/T-x.yaml:4:7: YAML syntax error: mapping values are not allowed here"
    )
    message = refusal("a: [1, 2\n")
    assert "\n" not in message
    assert message.startswith("tasks/T-x.yaml:2:1: YAML syntax error: ")


def test_invalid_utf8_names_the_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"id: T-1\ntitle: caf\xc3\xa9 \xff\n")
    with pytest.raises(ParseError) as info:
        YamlDocument.read(path, "tasks/bad.yaml")
    assert str(info.value) == "tasks/bad.yaml:2:13: invalid UTF-8 at byte offset 21"


def test_oversized_input_is_refused_before_parsing(tmp_path: Path) -> None:
    big = "a: " + "x" * MAX_FILE_BYTES + "\n"
    assert refusal(big) == (f"tasks/T-x.yaml: file is {len(big)} bytes, more than the 8 MiB limit")
    multibyte = "é" * (MAX_FILE_BYTES // 2 + 1)
    assert "more than the 8 MiB limit" in refusal(multibyte)
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: refused from its size
    with pytest.raises(ParseError, match="more than the 8 MiB limit"):
        YamlDocument.read(path)


def test_nesting_is_capped() -> None:
    ok = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert parse(ok).plain() is not None
    deep = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    assert refusal(deep) == "tasks/T-x.yaml:1:65: data nested deeper than 64 levels"
    block = "".join(f"{'  ' * i}k{i}:\n" for i in range(MAX_DEPTH + 1)) + "  " * 65 + "v: 1\n"
    assert refusal(block) == "tasks/T-x.yaml:65:129: data nested deeper than 64 levels"


def test_depth_1000_and_beyond_fail_cleanly_and_fast() -> None:
    for depth in (1000, 200_000):
        start = time.perf_counter()
        assert "nested deeper than 64 levels" in refusal("[" * depth + "]" * depth)
        assert "nested deeper than 64 levels" in refusal("{a: " * depth + "}" * depth)
        assert time.perf_counter() - start < 5  # ruamel looks ahead ~1000 tokens: bounded


def test_huge_integers_are_refused_not_crashed() -> None:
    assert "number with 5000 characters is too large" in refusal("a: " + "9" * 5000 + "\n")


def test_read_reports_missing_files_and_uses_the_display_name(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match=r"^tasks/T-404.yaml: cannot read file"):
        YamlDocument.read(tmp_path / "nope.yaml", "tasks/T-404.yaml")
    path = tmp_path / "dup.yaml"
    path.write_text("a: 1\na: 2\n")
    with pytest.raises(ParseError, match=r"^tasks/dup.yaml:2:1: duplicate key 'a'$"):
        YamlDocument.read(path, "tasks/dup.yaml")
    ok = tmp_path / "ok.yaml"
    ok.write_text("a: 1\n")
    assert YamlDocument.read(ok).filename == str(ok)


# --- access and edits -----------------------------------------------------------------------


def test_get_set_delete_and_errors() -> None:
    doc = parse("a:\n  b: [1, 2]\nc: x\n")
    assert doc.get(["a", "b", 1]) == 2
    assert doc.get(["a", "b", -1]) == 2
    assert doc.get([]) == doc.data
    with pytest.raises(KeyError):
        doc.get(["nope"])
    with pytest.raises(IndexError):
        doc.get(["a", "b", 5])
    with pytest.raises(KeyError):
        doc.get(["c", "d"])
    with pytest.raises(KeyError):
        doc.get(["a", "b", "x"])

    doc.set(["a", "b", 0], 10)
    doc.set(["a", "b", -1], 20)
    doc.set(["x", "w", "z"], 1)
    doc.delete(["c"])
    assert doc.plain() == {"a": {"b": [10, 20]}, "x": {"w": {"z": 1}}}
    assert doc.dump() == "a:\n  b: [10, 20]\nx:\n  w:\n    z: 1\n"

    with pytest.raises(IndexError):
        doc.set(["a", "b", 2], 1)
    with pytest.raises(KeyError):
        doc.set(["a", "b", "k"], 1)
    with pytest.raises(KeyError):
        doc.set([], 1)
    with pytest.raises(KeyError):
        doc.set(["a", "b", "k", "j"], 1)
    with pytest.raises(TypeError):
        doc.set(["x", "w", "z", "v"], 1)
    with pytest.raises(KeyError):
        doc.delete(["nope"])
    with pytest.raises(KeyError):
        doc.delete([])
    with pytest.raises(TypeError):
        doc.delete(["x", "w", "z", "v"])
    with pytest.raises(TypeError):
        doc.append(["x", "w"], 1)


def test_set_keeps_the_quotes_of_the_value_it_replaces() -> None:
    doc = parse("a: 'x'\nb: \"y\"\nc: |\n  multi\n  line\nd: plain\n")
    doc.set(["a"], "new a")
    doc.set(["b"], "new b")
    doc.set(["c"], "one line")
    doc.set(["d"], "two\nlines\n")
    assert doc.dump() == "a: 'new a'\nb: \"new b\"\nc: one line\nd: |\n  two\n  lines\n"


def test_new_values_in_house_style() -> None:
    class Status(str, Enum):  # noqa: UP042 - the shape the models use
        done = "done"

    doc = parse("id: T-1\n")
    doc.set(["status"], Status.done)
    doc.set(["tags"], ("a", "b"))
    doc.set(["labels"], {"env": "prod", "yes": "no"})
    doc.set(["events"], [{"id": "e1", "kind": "comment", "text": "two\nlines"}])
    doc.set(["nested"], [[1, 2], {"a": {"b": {"c": 1}}}])
    doc.set(["long"], "x" * 300)
    doc.set(["empty"], {})
    doc.set(["none"], [])
    assert doc.dump() == (
        "id: T-1\n"
        "status: done\n"
        "tags: [a, b]\n"
        "labels:\n"
        "  env: prod\n"
        "  'yes': 'no'\n"
        "events:\n"
        '  - {id: e1, kind: comment, text: "two\\nlines"}\n'
        "nested:\n"
        "  - [1, 2]\n"
        "  - a:\n"
        "      b:\n"
        "        c: 1\n"
        f"long: {'x' * 300}\n"
        "empty: {}\n"
        "none: []\n"
    )
    with pytest.raises(TypeError, match="cannot write a object"):
        doc.set(["bad"], object())


def test_ruamel_values_can_be_moved_or_copied() -> None:
    doc = parse("labels:\n  env: prod  # eol\nb: [1, 2]\n")
    doc.set(["copy"], doc.get(["labels"]))
    doc.set(["b2"], doc.get(["b"]))
    assert (
        doc.dump()
        == "labels:\n  env: prod  # eol\nb: [1, 2]\ncopy:\n  env: prod  # eol\nb2: [1, 2]\n"
    )
    assert parse(doc.dump()).plain()["copy"] == {"env": "prod"}


def test_unwritable_values_are_refused() -> None:
    doc = parse("a: 1\n")
    with pytest.raises(TypeError):
        doc.append(["list"], {"x": object()})
    with pytest.raises(TypeError):
        doc.set(["b"], {1, 2})


def test_spellings_of_deleted_or_moved_entries_are_dropped() -> None:
    doc = parse("a: ~\nb: [~, 1]\n")
    doc.delete(["a"])
    doc.delete(["b", 0])
    doc.append(["b"], None)
    assert doc.dump() == "b: [1, null]\n"


def test_read_keeps_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    doc = YamlDocument.read(path)
    doc.set(["b"], 2)
    assert doc.dump() == "\ufeffa: 1\nb: 2\n"


def test_new_mappings_follow_flow_siblings() -> None:
    doc = parse(
        "components:\n  prod/db: {kind: database, tags: [pg]}\nteams:\n  sre:\n    capacity: 2\n"
    )
    doc.set(["components", "prod/web"], {"kind": "vm", "tags": ["nginx"]})
    doc.set(["teams", "dba"], {"capacity": 1})
    assert doc.dump() == (
        "components:\n  prod/db: {kind: database, tags: [pg]}\n"
        "  prod/web: {kind: vm, tags: [nginx]}\n"
        "teams:\n  sre:\n    capacity: 2\n  dba:\n    capacity: 1\n"
    )


def test_replacing_a_collection_keeps_its_block_or_flow_style() -> None:
    doc = parse("tags:\n  - a\n  - b\nflow: [{id: 1}]\n")
    doc.set(["tags"], ["c", "d"])
    doc.set(["flow"], [{"id": 2}])
    assert doc.dump() == "tags:\n  - c\n  - d\nflow: [{id: 2}]\n"


def test_append_keeps_flow_lists_flow_and_creates_missing_lists() -> None:
    doc = parse("tags: [a]\ncommands: []\nempty: []\n")
    doc.append(["tags"], "b")
    doc.append(["empty"], "x")
    doc.append(["commands"], {"id": "k2m9qa", "cmd": "ls"})
    doc.append(["commands"], {"id": "p7x1cd", "cmd": "pwd"})
    doc.append(["new"], "x")
    doc.append(["events"], {"id": "e1"})
    assert doc.dump() == (
        "tags: [a, b]\n"
        "commands:\n"
        "  - {id: k2m9qa, cmd: ls}\n"
        "  - {id: p7x1cd, cmd: pwd}\n"
        "empty: [x]\n"
        "new: [x]\n"
        "events:\n"
        "  - {id: e1}\n"
    )


def test_comment_lines_after_the_last_entry_stay_after_new_entries() -> None:
    text = "a: 1\nlist:\n  - x\n  - y  # eol y\n\n# about b\nb:\n  c: [1]  # eol c\n# end of file\n"
    doc = parse(text)
    doc.append(["list"], "z")
    doc.set(["b", "d"], 2)
    assert doc.dump() == (
        "a: 1\n"
        "list:\n"
        "  - x\n"
        "  - y  # eol y\n"
        "  - z\n"
        "\n"
        "# about b\n"
        "b:\n"
        "  c: [1]  # eol c\n"
        "  d: 2\n"
        "# end of file\n"
    )


@pytest.mark.parametrize(
    ("text", "edit", "expected"),
    [
        # comments held in the "end" of a list of flow mappings
        (
            "x: 0\na:\n  - {id: 1}\n\n# end\n",
            ("set", ["z"], 1),
            "x: 0\na:\n  - {id: 1}\nz: 1\n\n# end\n",
        ),
        # after a literal block
        (
            "a: |\n  text\n# next\n",
            ("set", ["b"], {"c": "multi\nline\n"}),
            "a: |\n  text\nb:\n  c: |\n    multi\n    line\n# next\n",
        ),
        # after a block list of block mappings
        (
            "a:\n  - id: 1\n    v: 2  # eol\n\n# next\nf: 1\n",
            ("append", ["a"], {"id": 5}),
            "a:\n  - id: 1\n    v: 2  # eol\n  - {id: 5}\n\n# next\nf: 1\n",
        ),
        # deleting keeps the comment about the next key
        (
            "a: 1  # eol a\nb: 2\n\n# about c\nc: 3\n",
            ("delete", ["b"]),
            "a: 1  # eol a\n\n# about c\nc: 3\n",
        ),
        (
            "a: 1\n# about b\nb: 2\n",
            ("delete", ["a"]),
            "# about b\nb: 2\n",
        ),
        (
            "a:\n  - x  # eol x\n  # about y\n  - y\n",
            ("delete", ["a", 0]),
            "a:\n  # about y\n  - y\n",
        ),
        (
            "a:\n  - x\n  - y\n  # about z\n  - z\n",
            ("delete", ["a", 1]),
            "a:\n  - x\n  # about z\n  - z\n",
        ),
        (
            "a:\n  - x\n  - y\n# eof\n",
            ("delete", ["a", -1]),
            "a:\n  - x\n# eof\n",
        ),
    ],
)
def test_comment_moves(text: str, edit: tuple[str, list[Any], Any], expected: str) -> None:
    doc = parse(text)
    verb, path, *value = edit
    getattr(doc, verb)(path, *value)
    assert doc.dump() == expected


def test_indentation_of_the_source_is_detected() -> None:
    text = "a:\n    b: 1\n    c:\n    - x\n"
    doc = parse(text)
    doc.set(["a", "d"], {"e": [{"f": 1, "g": {"h": [1, {"i": 2}]}}]})
    assert doc.dump() == (
        "a:\n    b: 1\n    c:\n    - x\n    d:\n        e:\n"
        "        - f: 1\n          g:\n              h:\n"
        "              - 1\n              - {i: 2}\n"
    )
    doc = parse("a:\n  - 1\n")
    doc.set(["b"], {"c": {"d": 1}})
    assert doc.dump() == "a:\n  - 1\nb:\n  c:\n    d: 1\n"


def test_mixed_or_unusable_indentation_falls_back_to_defaults() -> None:
    doc = parse("a: [1]\n")
    doc.set(["b"], {"c": [{"d": 1, "e": {"f": [1, {"g": 2}]}}]})
    assert doc.dump().startswith("a: [1]\nb:\n  c:\n    - d: 1\n")


# --- positions ------------------------------------------------------------------------------


POSITIONS = """\
id: T-1
commands:
  - {id: a, at: x, exit: 0}
  - {id: b, at: y}
  - id: c
    exit: 1
labels:
  env: prod
"""


def test_positions_of_values_and_keys() -> None:
    doc = parse(POSITIONS)
    assert doc.position(["id"]) == (1, 5)
    assert doc.key_position(["id"]) == (1, 1)
    assert doc.position(["commands", 0, "exit"]) == (3, 26)
    assert doc.key_position(["commands", 0, "exit"]) == (3, 20)
    assert doc.position(["commands", 2, "exit"]) == (6, 11)
    assert doc.position(["commands", -1, "exit"]) == (6, 11)
    assert doc.position(["commands", 1]) == (4, 5)
    assert doc.key_position(["commands", 1]) == (4, 5)
    assert doc.position(["labels", "env"]) == (8, 8)
    assert doc.location(["labels", "env"]).__str__() == "tasks/T-x.yaml:8:8"


def test_missing_paths_point_at_the_nearest_ancestor() -> None:
    doc = parse(POSITIONS)
    assert doc.position(["commands", 1, "exit"]) == (4, 5)
    assert doc.position(["commands", 9, "exit"]) == (3, 3)
    assert doc.position(["nope", "deeper"]) == (1, 1)
    assert doc.position(["id", "x"]) == (1, 5)
    assert doc.position([]) == (1, 1)
    doc.set(["labels", "team"], "dba")
    assert doc.position(["labels", "team"]) == (8, 3)
    assert parse("").position(["a"]) is None
    assert str(parse("").location(["a"])) == "tasks/T-x.yaml"
    assert new_document({"a": 1}, "n.yaml").position(["a"]) is None


def test_line_offset_shifts_errors_and_positions() -> None:
    doc = YamlDocument.parse("a: 1\nb: 2\n", "c.md", line_offset=1)
    assert doc.position(["b"]) == (3, 4)
    with pytest.raises(ParseError, match=r"^c.md:3:1: duplicate key 'a'$"):
        YamlDocument.parse("a: 1\na: 2\n", "c.md", line_offset=1)


# --- new documents and command-line values ---------------------------------------------------


def test_new_document_with_header() -> None:
    doc = new_document(
        {
            "id": "T-3kq9f2xw",
            "title": "Disk full",
            "tags": ["disk"],
            "description": "line 1\nline 2\n",
            "commands": [{"id": "k2m9qa", "cmd": "df -h", "exit": 0}],
            "labels": {"env": "prod"},
        },
        "tasks/T-3kq9f2xw.yaml",
        header="# yaml-language-server: $schema=../.opsledger/schemas/task.schema.json",
    )
    text = doc.dump()
    assert text == (
        "# yaml-language-server: $schema=../.opsledger/schemas/task.schema.json\n"
        "id: T-3kq9f2xw\n"
        "title: Disk full\n"
        "tags: [disk]\n"
        "description: |\n"
        "  line 1\n"
        "  line 2\n"
        "commands:\n"
        "  - {id: k2m9qa, cmd: df -h, exit: 0}\n"
        "labels:\n"
        "  env: prod\n"
    )
    assert parse(text).dump() == text
    assert new_document({}, "x.yaml", header="plain words").dump() == "# plain words\n{}\n"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3", 3),
        ("010", 10),
        ("-2.5", -2.5),
        ("NO", "NO"),
        ("yes", "yes"),
        ("true", True),
        ("null", None),
        ("~", None),
        ("", ""),
        ("2026-11-20T10:15:00+01:00", "2026-11-20T10:15:00+01:00"),
        ("fix #12: disk full", "fix #12: disk full"),
        (" 3", " 3"),
        ("*", "*"),
        ("[a, b]", ["a", "b"]),
        ("[1, '2', null]", [1, "2", None]),
        ("{a: 1}", {"a": 1}),
        ("[]", []),
        ("{}", {}),
        ('"quoted # text"', "quoted # text"),
        ("'it''s'", "it's"),
    ],
)
def test_parse_value(text: str, value: Any) -> None:
    assert parse_value(text) == value
    assert type(parse_value(text)) is type(value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[a, b", "<value>:1:6: YAML syntax error"),
        ("[&a x, *a]", "<value>:1:2: anchors and aliases are not allowed"),
        ("{a: !!str 1}", "<value>:1:5: explicit tags are not allowed"),
        ('"a": b', "<value>:1:1: expected a single flow value"),
        ("[a] b", "<value>:1:5: YAML syntax error"),
        ("9" * 5000, "<value>:1:1: number with 5000 characters is too large"),
    ],
)
def test_parse_value_refusals(text: str, message: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_value(text)
    assert str(info.value).startswith(message)
