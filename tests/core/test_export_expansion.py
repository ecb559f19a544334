"""Aliases never make an export expand without bound.

The parser refuses front matter with more than yamlio.MAX_EXPANDED_NODES values (see
test_export_safety). Below that count, a long string repeated through nested aliases
still expands to gigabytes of JSON or CSV text: the record formats refuse it too.
"""

from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path

import pytest

from curator_app.core.document import ArticleDocument
from curator_app.core.export import ExportFormat, export_articles
from curator_app.core.export_records import MAX_RECORD_CHARS

STRING_LENGTH = 60_000
FAN_OUT = 10
LEVELS = 4


def string_bomb() -> str:
    """~100 KB of front matter: one 60 KB string, repeated 10**4 times by four levels of
    aliases (and again under ``topics``, a CSV column): over a gigabyte once expanded."""
    lines = ["---", "title: Bomb", f's: &l0 "{"x" * STRING_LENGTH}"']
    for level in range(1, LEVELS + 1):
        refs = ", ".join([f"*l{level - 1}"] * FAN_OUT)
        lines.append(f"l{level}: &l{level} [{refs}]")
    lines.append(f"topics: *l{LEVELS}")
    return "\n".join([*lines, "---", "Body", ""])


def test_the_string_bomb_passes_the_node_count_and_is_huge_once_expanded() -> None:
    text = string_bomb()
    # Under MAX_EXPANDED_NODES: the parser accepts it.
    document = ArticleDocument(Path("bomb.md"), text.encode("utf-8"))
    assert len(text) < 100_000
    assert len(document.data["topics"]) == FAN_OUT  # the parser shares, never copies
    expanded = STRING_LENGTH * FAN_OUT**LEVELS * 2
    assert expanded > 1_000_000_000 > 50 * MAX_RECORD_CHARS


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_the_string_bomb_is_refused_by_record_formats_in_small_memory(
    tmp_path: Path, fmt: ExportFormat
) -> None:
    library = tmp_path / "library"
    library.mkdir()
    bomb = library / "bomb.md"
    bomb.write_text(string_bomb(), encoding="utf-8")
    good = library / "good.md"
    good.write_text("---\ntitle: Good\n---\nBody\n", encoding="utf-8")
    output = tmp_path / f"out{fmt.suffix}"

    tracemalloc.start()
    try:
        result = export_articles(library, [bomb, good], fmt, output)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 50 * 1024 * 1024
    if fmt.is_record_format:
        assert result.errors == [
            f"{bomb}: front matter expands to more than {MAX_RECORD_CHARS:,} characters "
            "of text; not exported"
        ]
        assert result.written == 1
        data = output.read_bytes()
        assert b"Good" in data and b"xxxx" not in data
    else:  # a byte-for-byte copy expands nothing: the bomb is copied as it is
        assert result.ok and result.written == 2
        if fmt is ExportFormat.ZIP:
            with zipfile.ZipFile(output) as archive:
                copied = archive.read("bomb.md")
        else:
            copied = (output / "bomb.md").read_bytes()
        assert copied == bomb.read_bytes()


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_deep_nesting_the_parser_accepts_never_stops_the_export(
    tmp_path: Path, fmt: ExportFormat
) -> None:
    library = tmp_path / "library"
    library.mkdir()
    deep = library / "deep.md"
    depth = 990  # the parser refuses 1,000 levels
    deep.write_text(f"---\ntitle: Deep\nx: {'[' * depth}1{']' * depth}\n---\n", "utf-8")
    good = library / "good.md"
    good.write_text("---\ntitle: Good\n---\n", encoding="utf-8")

    result = export_articles(library, [deep, good], fmt, tmp_path / f"out{fmt.suffix}")

    if fmt in (ExportFormat.JSON, ExportFormat.JSONL):  # Python's stack is too short
        assert result.errors == [
            f"{deep}: front matter is nested too deeply to be written as JSON; not exported"
        ]
        assert result.written == 1
    else:  # measured without recursion: CSV and the copies take it
        assert result.ok and result.written == 2
