"""The fast writer of new files: whatever goes in comes back out of both loaders."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from opsledger.store.emit import emit_any, emit_document, quote, scalar
from opsledger.store.fastload import load_fast
from opsledger.store.yamlio import YamlDocument

_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
_key = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12)
_scalar = st.one_of(
    _text,
    st.integers(-(10**12), 10**12),
    st.booleans(),
    st.none(),
    st.sampled_from(
        [
            "yes",
            "NO",
            "010",
            "0x1f",
            "12e456",
            "716328",
            "~",
            "null",
            ".inf",
            "- a",
            "a: b",
            "#x",
            "x #y",
            "2026-11-20T10:15:00+01:00",
            "2026-09-01",
            "@x",
            "`x",
            "line\nbreak",
            "trail\n",
            " lead",
            "a\r\nb",
            "tab\there",
            "\u2028",
            "é ü",
        ]
    ),
)
_flat = st.one_of(
    _scalar, st.lists(_scalar, max_size=4), st.dictionaries(_key, _scalar, max_size=3)
)
_value = st.one_of(
    _flat,
    st.dictionaries(_key, _flat, max_size=3),
    st.lists(st.dictionaries(_key, _scalar, min_size=1, max_size=3), max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_key, _value, min_size=1, max_size=6))
def test_both_loaders_read_back_what_was_written(data: dict[str, Any]) -> None:
    text = emit_document(data, header="yaml-language-server: $schema=x.json")
    assert load_fast(text, "t.yaml") == data, text
    assert YamlDocument.parse(text, "t.yaml").plain() == data, text


@settings(max_examples=100, deadline=None)
@given(st.lists(st.dictionaries(_key, _value, min_size=1, max_size=4), max_size=4))
def test_output_lists_read_back(rows: list[dict[str, Any]]) -> None:
    assert load_fast(emit_any(rows), "out") == rows


def test_the_layout_people_expect() -> None:
    data = {
        "id": "T-3kq9f2xw",
        "title": "Disk full: pg-07",
        "tags": ["disk", "pg"],
        "labels": {"env": "prod"},
        "created": "2026-11-20T10:15:00+01:00",
        "description": "WAL archiving stalled.\nSee the runbook.\n",
    }
    assert emit_document(data, header="hdr") == (
        "# hdr\n"
        "id: T-3kq9f2xw\n"
        'title: "Disk full: pg-07"\n'
        "tags: [disk, pg]\n"
        "labels: {env: prod}\n"
        "created: 2026-11-20T10:15:00+01:00\n"
        "description: |\n"
        "  WAL archiving stalled.\n"
        "  See the runbook.\n"
    )
    assert scalar("yes") == '"yes"' and scalar("716328") == '"716328"' and scalar(1.5) == "1.5"
    assert quote("a\u2028b") == '"a\\u2028b"'
    assert emit_any({}) == "{}\n" and emit_any([]) == "[]\n" and emit_any(3) == "3\n"
    assert emit_any(["a", 1]) == "- a\n- 1\n"


def test_text_of_only_line_breaks_is_quoted() -> None:
    # A literal block of nothing but empty lines reads back as "", not as the breaks.
    assert emit_document({"note": "\n"}) == 'note: "\\n"\n'
    assert load_fast(emit_document({"note": "\n"}), "t.yaml") == {"note": "\n"}


def test_non_printable_noncharacters_are_escaped() -> None:
    text = emit_document({"note": "a\ufffeb\uffff"})
    assert text == 'note: "a\\ufffeb\\uffff"\n'
    assert load_fast(text, "t.yaml") == {"note": "a\ufffeb\uffff"}
    assert YamlDocument.parse(text, "t.yaml").plain() == {"note": "a\ufffeb\uffff"}
