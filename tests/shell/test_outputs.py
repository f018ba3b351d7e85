from __future__ import annotations

from pathlib import Path

import pytest

from opsledger.shell.outputs import OutputCollector, parse_size
from opsledger.shell.redact import Redactor, compile_rules


def collect(chunks: list[bytes], tmp_path: Path, limit: int = 64, keep_ansi: bool = False):
    collector = OutputCollector(limit, tmp_path, Redactor(compile_rules()), keep_ansi=keep_ansi)
    for chunk in chunks:
        collector.feed(chunk)
    return collector.close()


def test_ansi_stripped_across_chunks_and_kept_on_request(tmp_path: Path) -> None:
    data = [b"\x1b[3", b"1mred\x1b[0m \x1b]0;title\x07ok\n"]
    assert collect(data, tmp_path).text == "red ok\n"
    assert collect(data, tmp_path, keep_ansi=True).text == "\x1b[31mred\x1b[0m \x1b]0;title\x07ok\n"


def test_invalid_utf8_escaped_and_split_characters_joined(tmp_path: Path) -> None:
    out = collect([b"caf\xc3", b"\xa9 \xff\n"], tmp_path)
    assert out.text == "café \\xff\n"
    assert not out.truncated


def test_stream_ending_inside_a_character_is_truncated(tmp_path: Path) -> None:
    assert collect([b"abc\xc3"], tmp_path).truncated


def test_large_output_spills_and_keeps_head_and_tail(tmp_path: Path) -> None:
    lines = [f"line {i:04d}\n".encode() for i in range(200)]
    out = collect(lines, tmp_path, limit=100)
    assert out.spill is not None
    assert out.spill.read_bytes() == b"".join(lines)
    assert out.total == len(b"".join(lines))
    assert out.text.startswith("line 0000\n")
    assert out.text.endswith("line 0199\n")
    assert "bytes not shown" in out.text


def test_secrets_in_output_are_redacted_even_when_spilled(tmp_path: Path) -> None:
    out = collect([b"x" * 80 + b"\n", b"PGPASSWORD=s3cret\n"], tmp_path, limit=32)
    assert out.spill is not None
    assert b"s3cret" not in out.spill.read_bytes()
    assert "s3cret" not in out.text


def test_parse_size() -> None:
    assert parse_size("16KiB") == 16384
    assert parse_size(None) == 16384
    assert parse_size(10) == 10
    assert parse_size("2MiB") == 2 * 1024 * 1024
    with pytest.raises(ValueError, match="not a size"):
        parse_size("lots")


def test_a_long_line_without_an_end_is_processed_in_parts(tmp_path: Path) -> None:
    collector = OutputCollector(1024, tmp_path, Redactor(compile_rules()))
    collector.feed(b"x" * 70_000)  # over the pending limit: not held back for its end
    spilled = list(tmp_path.iterdir())
    assert len(spilled) == 1 and spilled[0].stat().st_size == 70_000
    out = collector.close()
    assert out.total == 70_000 and out.spill == spilled[0]


def test_a_private_key_split_over_chunks_is_redacted_whole(tmp_path: Path) -> None:
    first = b"key:\n-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n"
    out = collect([first, b"BBBB\n-----END OPENSSH PRIVATE KEY-----\ndone\n"], tmp_path, limit=1024)
    assert out.text == "key:\n[REDACTED:1]\ndone\n"
