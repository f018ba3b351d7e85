"""``fastload.marks`` answers exactly as ``YamlDocument.position``/``key_position``: the
validator points findings at file:line:col with it instead of the round-trip parser."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from opsledger.store.fastload import marks
from opsledger.store.markdown import split_front_matter
from opsledger.store.yamlio import YamlDocument, new_document
from tests.store.test_fastload import EXAMPLE_REPO, corpus_files, documents

KeyPath = tuple[str | int, ...]


def key_paths(data: Any, prefix: KeyPath = ()) -> Iterator[KeyPath]:
    """Every node's path, plus paths that go one step past what exists."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():  # pyright: ignore[reportUnknownVariableType]
            yield from key_paths(value, (*prefix, key))  # pyright: ignore[reportUnknownArgumentType]
        yield (*prefix, "no-such-key")
    elif isinstance(data, list):
        for index, value in enumerate(data):  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
            yield from key_paths(value, (*prefix, index))
        yield from ((*prefix, len(data)), (*prefix, -1), (*prefix, True), (*prefix, "0"))  # pyright: ignore[reportUnknownArgumentType]
    else:
        yield (*prefix, "below-a-scalar")


def assert_same_positions(text: str, name: str = "f.yaml") -> int:
    """Compare every key path; returns how many were compared (0: ruamel refused it)."""
    front_matter = name.endswith(".md")
    try:
        if front_matter:
            front, _body, offset = split_front_matter(text, name)
            doc = YamlDocument.parse(front, name, line_offset=offset)
        else:
            doc = YamlDocument.parse(text, name)
    except Exception:
        return 0
    found = marks(text, name, front_matter=front_matter)
    assert found is not None, text
    compared = 0
    for path in key_paths(doc.plain()):
        assert found.position(path) == doc.position(path), (text, path)
        assert found.position(path, key=True) == doc.key_position(path), (text, path)
        compared += 1
    return compared


TEXTS = [
    "a: 1\nb:\n  - x\n  - {c: d, e: [1, 2]}\n",
    "a:\n- 1\n- 2\nb: |\n  text\n  more\nc: >-\n  folded\n",
    "? a\n: b\n'q': \"r\"\n1: one\ntrue: yes\nnull: n\n",
    "a:\nb: ~\nc:\n  d:\n  e: ''\n",
    "  a: 1\n  b:\n    - - x\n      - y\n",
    "a: 'multi\n  line'\nb: plain\n  continued\nc: é𝄞 x\n",
    "x: {a: [1, {b: c}], 'd': e}\ny: [[1], [2, [3]]]\n",
    "# comment\n\na: 1 # trailing\n\n# between\nb:\n  # inside\n  c: 2\n",
    "a: 1\r\nb:\r\n  - c\r\n",
    "\ufeffa: 1\nb: 2\n",
    "[1, 2, {a: b}]\n",
    "- a\n- b: c\n  d: e\n",
    "plain scalar\n",
    "",
    "a: 0x1F\n0o17: b\n.inf: c\n",
    # empty values: each parser has its own idea of where nothing is
    "a:\nb: 1\n",
    "a: # c\nb: 1\n",
    "a:\n# c\nb: 1\n",
    "x:\n  a: #c\n# d\nb: 2\n",
    "x:\n  a:",
    "x:\n  a:\n",
    "- a:\n  b:\n- c\n",
    "- \n- x\n-\n",
    "{a: , b: 1, c}\n",
    "[a: , b, c: d]\n",
    "a:\n  - b:\n  - c\n",
    "a: \t\nb:\n\n\nc: 1\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_positions_match_yamlio(text: str) -> None:
    assert_same_positions(text)


def test_front_matter_lines_count_from_the_file_top() -> None:
    text = "---\nid: CHG-1\ntags:\n  - a\n---\n## Summary\n"
    assert assert_same_positions(text, "c.md") > 0
    found = marks(text, "c.md", front_matter=True)
    assert found is not None
    assert found.position(["tags", 0]) == (4, 5)
    assert found.position(["tags"], key=True) == (3, 1)


def test_what_does_not_parse_has_no_marks() -> None:
    assert marks("a: [1\n", "f.yaml") is None
    assert marks("a: 1\n", "c.md", front_matter=True) is None  # no front matter
    assert marks(b"a: \xff\n", "f.yaml") is None
    for text in ("", "# only a comment\n", "just text\n"):
        found = marks(text, "f.yaml")
        assert found is not None and found.position(["a"]) is None


def test_the_first_of_duplicate_keys_and_complex_keys() -> None:
    # The fast loader refuses both; positions are still asked of such files only for
    # findings about other things, and must not fail.
    found = marks("a: 1\na: 2\n[x]: 3\n*r : 4\nb: 5\n", "f.yaml")
    assert found is not None
    assert found.position(["a"]) == (1, 4)
    assert found.position(["b"], key=True) == (5, 1)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_positions_on_documents_written_by_yamlio(data: Any) -> None:
    assert_same_positions(new_document({"root": data, "x": [data]}, "gen.yaml").dump())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_positions_on_documents_written_by_pyyaml_and_json(data: Any) -> None:
    assert_same_positions(yaml.safe_dump({"k": data, "l": [data]}, default_flow_style=None))
    assert_same_positions(yaml.safe_dump(data, default_flow_style=True, width=30))
    assert_same_positions(json.dumps({"k": data}, indent=2, ensure_ascii=False))


def test_positions_on_example_repo() -> None:
    files = list(corpus_files(EXAMPLE_REPO))
    if not files:
        pytest.skip("example-repo has no YAML or Markdown files yet")
    compared = sum(
        assert_same_positions(p.read_text("utf-8"), p.name) for p in files if p.is_file()
    )
    assert compared > 100
