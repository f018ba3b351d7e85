from __future__ import annotations

from pathlib import Path

import pytest

from opsledger.model.errors import ParseError
from opsledger.store.markdown import MarkdownDocument, split_front_matter

CHANGE = """\
---
# change record
id: CHG-3kq9f2xw
type: normal
status: draft
tasks: [T-3kq9f2xw]
---
Intro text that belongs to no section.

## Summary

Rotate the WAL archive disk.

## Plan
1. Stop archiving.

### Details
```sh
## not a heading: inside a fence
df -h
```

~~~
## nor this
~~~
2. Swap the disk.

# Appendix
Not part of Plan.

## Rollback ##
Put the old disk back.
## Summary
More summary.
"""


def test_split_front_matter() -> None:
    front, body, offset = split_front_matter(CHANGE, "changes/CHG-1.md")
    assert front.startswith("# change record\nid: CHG-3kq9f2xw\n")
    assert front.endswith("tasks: [T-3kq9f2xw]\n")
    assert body.startswith("Intro text")
    assert offset == 1
    assert split_front_matter("---\n---\n", "x.md") == ("", "", 1)
    assert split_front_matter("\ufeff--- \r\na: 1\r\n...\r\nbody", "x.md") == (
        "a: 1\r\n",
        "body",
        1,
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# Title\n", "x.md:1:1: no YAML front matter"),
        ("", "x.md:1:1: no YAML front matter"),
        ("----\na: 1\n---\n", "x.md:1:1: no YAML front matter"),
        ("---\na: 1\n", "x.md:1:1: the front matter has no closing '---' line"),
    ],
)
def test_missing_front_matter(text: str, message: str) -> None:
    with pytest.raises(ParseError) as info:
        split_front_matter(text, "x.md")
    assert str(info.value).startswith(message)
    with pytest.raises(ParseError):
        MarkdownDocument.parse(text, "x.md")


def test_round_trip_and_edit_change_only_the_front_matter() -> None:
    doc = MarkdownDocument.parse(CHANGE, "changes/CHG-1.md")
    assert doc.filename == "changes/CHG-1.md"
    assert doc.front.plain() == {
        "id": "CHG-3kq9f2xw",
        "type": "normal",
        "status": "draft",
        "tasks": ["T-3kq9f2xw"],
    }
    assert doc.dump() == CHANGE
    doc.front.set(["status"], "submitted")
    doc.front.append(["tasks"], "T-aaaaaaaa")
    assert doc.dump() == CHANGE.replace("status: draft", "status: submitted").replace(
        "tasks: [T-3kq9f2xw]", "tasks: [T-3kq9f2xw, T-aaaaaaaa]"
    )


def test_delimiters_bom_and_crlf_survive() -> None:
    text = "\ufeff--- \r\na: 1\r\n...\r\nbody\r\n"
    doc = MarkdownDocument.parse(text, "x.md")
    assert doc.dump() == text
    doc.front.set(["b"], 2)
    assert doc.dump() == "\ufeff--- \r\na: 1\r\nb: 2\r\n...\r\nbody\r\n"


def test_empty_front_matter() -> None:
    doc = MarkdownDocument.parse("---\n---\nbody\n", "x.md")
    assert doc.front.data is None
    assert doc.dump() == "---\n---\nbody\n"
    doc.front.set(["id"], "CHG-1")
    assert doc.dump() == "---\nid: CHG-1\n---\nbody\n"


def test_errors_and_positions_point_into_the_markdown_file() -> None:
    with pytest.raises(ParseError) as info:
        MarkdownDocument.parse("---\nid: CHG-1\nid: CHG-2\n---\n", "changes/CHG-1.md")
    assert str(info.value) == "changes/CHG-1.md:3:1: duplicate key 'id'"
    with pytest.raises(ParseError, match=r"^x.md:2:7: YAML syntax error"):
        MarkdownDocument.parse("---\nfoo: a: b\n---\n", "x.md")
    doc = MarkdownDocument.parse(CHANGE, "changes/CHG-1.md")
    assert doc.front.position(["status"]) == (5, 9)
    assert doc.front.key_position(["tasks", 0]) == (6, 9)


def test_sections() -> None:
    sections = MarkdownDocument.parse(CHANGE, "x.md").sections()
    assert list(sections) == ["Summary", "Plan", "Rollback"]
    assert sections["Summary"] == "Rotate the WAL archive disk.\n\nMore summary."
    assert sections["Plan"].startswith("1. Stop archiving.\n\n### Details\n```sh\n## not a")
    assert sections["Plan"].endswith("~~~\n## nor this\n~~~\n2. Swap the disk.")
    assert sections["Rollback"] == "Put the old disk back."
    assert MarkdownDocument.parse("---\n---\n##\n##  Empty  \n", "x.md").sections() == {
        "": "",
        "Empty": "",
    }


def test_read(tmp_path: Path) -> None:
    path = tmp_path / "CHG-1.md"
    path.write_bytes(b"\xef\xbb\xbf" + CHANGE.encode())
    doc = MarkdownDocument.read(path, "changes/CHG-1.md")
    assert doc.filename == "changes/CHG-1.md"
    assert doc.dump() == "\ufeff" + CHANGE
    assert MarkdownDocument.read(path).filename == str(path)
    with pytest.raises(ParseError, match=r"^changes/CHG-2.md: cannot read file"):
        MarkdownDocument.read(tmp_path / "CHG-2.md", "changes/CHG-2.md")
    path.write_bytes(b"---\na: \xff\n---\n")
    with pytest.raises(ParseError, match=r"^x.md:2:4: invalid UTF-8 at byte offset 7$"):
        MarkdownDocument.read(path, "x.md")
