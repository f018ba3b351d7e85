from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opsledger.model.errors import ParseError
from opsledger.store import pyyaml
from opsledger.store.fastload import MAX_DEPTH, MAX_FILE_BYTES, load_fast, load_fast_front_matter
from opsledger.store.markdown import MarkdownDocument
from opsledger.store.yamlio import YamlDocument, new_document

EXAMPLE_REPO = Path(__file__).resolve().parents[2] / "example-repo"


def outcome(load: Callable[[], Any]) -> Any:
    """The loaded data, or the ParseError message."""
    try:
        return load()
    except ParseError as exc:
        return str(exc)


def both(text: str, filename: str = "f.yaml") -> tuple[Any, Any]:
    """(fastload outcome, yamlio outcome)."""
    return (
        outcome(lambda: load_fast(text, filename)),
        outcome(lambda: YamlDocument.parse(text, filename).plain()),
    )


def same(a: Any, b: Any) -> bool:
    """Equal, with matching types (1 vs 1.0 vs True) and NaN equal to itself."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


def assert_parity(text: str | bytes, filename: str = "f.yaml") -> Any:
    try:
        fast: Any = load_fast(text, filename)
    except ParseError:
        fast = ParseError
    try:
        source = text.decode("utf-8") if isinstance(text, bytes) else text
        slow: Any = YamlDocument.parse(source, filename).plain()
    except (ParseError, UnicodeDecodeError):
        slow = ParseError
    assert (fast is ParseError) == (slow is ParseError), (text, fast, slow)
    assert fast is ParseError or same(fast, slow), (text, fast, slow)
    return fast


# --- generated documents ---------------------------------------------------------------------

# Every character YAML can carry; NEL, LS, PS and the BOM are left out: YAML 1.2 treats them
# as ordinary characters but both parsers keep YAML 1.1's habits for them, differently.
characters = st.characters(
    blacklist_categories=("Cs",), blacklist_characters="\x85\u2028\u2029\ufeff"
)
texts = st.text(characters, max_size=20)
tricky = st.sampled_from(
    [
        "",
        " ",
        "yes",
        "NO",
        "on",
        "~",
        "null",
        "010",
        "0o17",
        "0x1F",
        "1e3",
        ".inf",
        "-.nan",
        "2026-11-20T10:15:00+01:00",
        "2026-09-01",
        "a: b",
        "- x",
        "#",
        "'",
        '"',
        "|",
        "&a",
        "*a",
        "!t",
        "%x",
        "@",
        "`",
        "? x",
        "=",
        "<<",
        "1_000",
        "+5",
        "12:30",
        "\t",
        "\n",
        "a\n",
    ]
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False),
    texts,
    tricky,
)
keys = st.one_of(texts, tricky, st.integers(min_value=-1000, max_value=1000))
documents = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=4),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_parity_on_documents_written_by_yamlio(data: Any) -> None:
    text = new_document({"root": data, "x": [data]}, "gen.yaml").dump()
    loaded = assert_parity(text)
    assert same(loaded, {"root": data, "x": [data]}), text
    assert YamlDocument.parse(text, "gen.yaml").dump() == text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.sampled_from([None, True, False]), st.booleans())
def test_parity_on_documents_written_by_pyyaml(data: Any, flow: bool | None, wide: bool) -> None:
    # PyYAML writes YAML 1.1 (``0o17`` plain, ``1.0e+20``...): the loaders must agree anyway.
    text = yaml.safe_dump(
        data, default_flow_style=flow, allow_unicode=wide, width=40 if wide else 80
    )
    assert_parity(text)


@settings(max_examples=200, deadline=None)
@given(documents)
def test_parity_on_json(data: Any) -> None:
    assert_parity(json.dumps(data, ensure_ascii=False))
    assert_parity(json.dumps(data, indent=2))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789+-._eExXoObB~nNuUlLtTrRfFaAsSiI:, ", max_size=8))
def test_parity_on_plain_scalars(scalar: str) -> None:
    assert_parity(f"k: {scalar}\n")
    assert_parity(f"- {scalar}\n")
    assert_parity(f"[{scalar}]\n")
    assert_parity(f"{{{scalar}: 1}}\n")


# --- refusals: same message and location as yamlio -------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "id: T-1\nstatus: open\nstatus: done\n",
        "a: {d: 1, d: 2}\n",
        "1: a\n01: b\n",
        "a: &x 1\n",
        "a: 1\nb: *x\n",
        "- &list [1]\n",
        "%YAML 1.2\n---\na: 1\n",
        "# c\n%FOO bar\n---\na: 1\n",
        "a: !!str 1\n",
        "a: !foo x\n",
        "a:\n  b: !!set {x}\n",
        "!!map\na: 1\n",
        "a: 1\n---\nb: 2\n",
        "? [a, b]\n: 1\n",
        "{[a]: 1}\n",
        "a: \x07\n",
        "a: " + "9" * 5000 + "\n",
        "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
        "{a: " * 1000 + "}" * 1000,
        "a: b\n---\n",
    ],
)
def test_refusals_match_yamlio(text: str) -> None:
    fast, slow = both(text, "tasks/T-x.yaml")
    assert isinstance(fast, str)
    assert fast == slow


@pytest.mark.parametrize(
    "text",
    [
        # where libyaml and ruamel disagree, both refuse (messages may differ)
        "? \n: 1\n",
        "{? : 1}\n",
        ": 1\n",
        "a: [b, c:]\n",
        "a: {b: :c}\n",
        "a: [:c]\n",
        "a: |\t\n  x\n",
        "a: b\n\tc\n",
        'a: "\\ud800"\n',
    ],
)
def test_both_refuse(text: str) -> None:
    fast, slow = both(text)
    assert isinstance(fast, str)
    assert isinstance(slow, str)
    assert fast.startswith("f.yaml:1:") or fast.startswith("f.yaml:2:")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# only\n",
        "\ufeffa: 1\n",
        'a: "x\n%y"\n',
        "[" * 64 + "]" * 64,
        "a: NO\nb: 010\nc: 0o17\nd: 0x1F\ne: 1e3\nf: -.Inf\ng: .NaN\nh: ~\ni: TRUE\n",
        "j: 2026-11-20T10:15:00+01:00\nk: 2026-09-01\nl: 1_000\nm: +5\nn: 12:30\n",
        # tabs: libyaml's rules, followed by yamlio
        "a:\tb\nc: d\t\ne\t: f\ng: h\t# comment\n",
        "a: x\ty\n",
        "a: b\n \tc\n",
        "a: | # tab\tin the comment\n  x\n",
        "- a\n  b\n...\n",
        "a: b\r\n  c\r\n",
        "a: [b:c, 'd:', \"e\"]\n",
    ],
)
def test_accepted_documents_match_yamlio(text: str) -> None:
    fast, slow = both(text)
    assert not isinstance(fast, str) or not fast.startswith("f.yaml"), fast
    assert same(fast, slow)


def test_syntax_errors_are_one_line_with_a_location() -> None:
    fast, _ = both("id: T-x\ntitle: t\nstatus: open\nfoo: a: b\n", "tasks/T-x.yaml")
    assert fast.startswith("tasks/T-x.yaml:4:7: YAML syntax error: mapping values are not allowed")
    fast, _ = both("a: [1, 2\n")
    assert "\n" not in fast
    assert fast.startswith("f.yaml:2:1: YAML syntax error: ")


def test_bytes_input_invalid_utf8_and_size() -> None:
    assert load_fast(b"\xef\xbb\xbfa: caf\xc3\xa9\n", "f.yaml") == {"a": "café"}
    with pytest.raises(ParseError, match=r"^f.yaml:2:4: invalid UTF-8 at byte offset 8$"):
        load_fast(b"a: 1\nb: \xc3(\n", "f.yaml")
    with pytest.raises(ParseError, match=r"^f.yaml: file is \d+ bytes, more than the 8 MiB"):
        load_fast(b"a: " + b"x" * MAX_FILE_BYTES, "f.yaml")


def test_billion_laughs_and_deep_nesting_are_refused_fast() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        lines.append(f"{level}: &{level} [" + ",".join([f"*{chr(ord(level) - 1)}"] * 9) + "]")
    start = time.perf_counter()
    with pytest.raises(ParseError, match="anchors and aliases are not allowed"):
        load_fast("\n".join(lines), "f.yaml")
    with pytest.raises(ParseError, match=r"^f.yaml:1:65: data nested deeper than 64 levels$"):
        load_fast("[" * 1_000_000, "f.yaml")
    assert time.perf_counter() - start < 1


def test_the_pure_python_parser_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    api = pyyaml.PyYaml()
    api.parser = yaml.SafeLoader
    monkeypatch.setattr(pyyaml, "_loaded", api)
    assert load_fast("a: [1, {b: ~}]\nc: 2026-09-01\n", "f.yaml") == {
        "a": [1, {"b": None}],
        "c": "2026-09-01",
    }
    with pytest.raises(ParseError, match=r"^f.yaml:1:1: YAML directives"):
        load_fast("%YAML 1.1\n---\na: 1\n", "f.yaml")
    with pytest.raises(ParseError, match=r"^f.yaml:1:4: YAML syntax error: character U\+0007"):
        load_fast("a: \x07\n", "f.yaml")


# --- Markdown front matter ------------------------------------------------------------------------


def test_front_matter_matches_markdown_document() -> None:
    text = "---\nid: CHG-1\ntags: [a]\n---\n## Summary\ntext\n"
    assert (
        load_fast_front_matter(text, "c.md") == MarkdownDocument.parse(text, "c.md").front.plain()
    )
    assert load_fast_front_matter(text.encode(), "c.md") == {"id": "CHG-1", "tags": ["a"]}
    with pytest.raises(ParseError, match=r"^c.md:3:1: duplicate key 'a'$"):
        load_fast_front_matter("---\na: 1\na: 2\n---\n", "c.md")
    with pytest.raises(ParseError, match=r"^c.md:1:1: no YAML front matter"):
        load_fast_front_matter("# Title\n", "c.md")


# --- the corpus ------------------------------------------------------------------------------


def corpus_files(root: Path) -> Iterator[Path]:
    for pattern in ("*.yaml", "*.yml", "*.md"):
        yield from sorted(p for p in root.rglob(pattern) if p.is_file())


def check_corpus(root: Path) -> int:
    """Compare both loaders on every file under ``root``; returns the number compared."""
    mismatches: list[str] = []
    count = 0
    for path in corpus_files(root):
        count += 1
        data = path.read_bytes()
        name = str(path.relative_to(root))
        fast: Any
        slow: Any
        if path.suffix == ".md":
            try:
                fast = load_fast_front_matter(data, name)
            except ParseError as exc:
                fast = str(exc)
            try:
                slow = MarkdownDocument.read(path, name).front.plain()
            except ParseError as exc:
                slow = str(exc)
            # A Markdown file without front matter is not a record: both must say so.
        else:
            try:
                fast = load_fast(data, name)
            except ParseError as exc:
                fast = str(exc)
            try:
                slow = YamlDocument.read(path, name).plain()
            except ParseError as exc:
                slow = str(exc)
        if isinstance(fast, str) != isinstance(slow, str) or (
            not isinstance(fast, str) and not same(fast, slow)
        ):
            mismatches.append(f"{name}: fastload={fast!r:.200} yamlio={slow!r:.200}")
    assert not mismatches, "\n".join(mismatches[:20])
    return count


def test_parity_on_example_repo() -> None:
    if not EXAMPLE_REPO.is_dir() or not any(corpus_files(EXAMPLE_REPO)):
        pytest.skip("example-repo has no YAML or Markdown files yet")
    assert check_corpus(EXAMPLE_REPO) > 0


def test_parity_on_generated_corpus() -> None:
    """OPSLEDGER_CORPUS=DIR runs the comparison over e.g. bench/gen_corpus.py output."""
    corpus = os.environ.get("OPSLEDGER_CORPUS")
    if not corpus:
        pytest.skip("set OPSLEDGER_CORPUS=DIR to compare the loaders on a generated corpus")
    assert check_corpus(Path(corpus)) > 0


def test_corpus_check_reports_mismatches(tmp_path: Path) -> None:
    (tmp_path / "ok.yaml").write_text("a: 1\n")
    (tmp_path / "bad.yaml").write_text("a: 1\na: 2\n")
    (tmp_path / "c.md").write_text("---\nid: CHG-1\n---\nbody\n")
    (tmp_path / "readme.md").write_text("# no front matter\n")
    assert check_corpus(tmp_path) == 4
