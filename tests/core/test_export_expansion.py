"""Aliases never make an export expand without bound.

A long string repeated through nested aliases stays under the parser's count of values
but would expand to gigabytes of JSON or CSV text; the parser also bounds the expanded
text, so every format reports such a file as that article's error (the copies copy its
bytes, expanding nothing). Deep nesting is refused the same way.
"""

from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path

import pytest

from curator_app.core.document import ArticleDocument
from curator_app.core.errors import ArticleFormatError
from curator_app.core.export import ExportFormat, export_articles
from curator_app.core.yamlguard import MAX_EXPANDED_CHARS, MAX_EXPANDED_NODES

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


def test_the_string_bomb_passes_the_node_count_but_not_the_text_bound() -> None:
    text = string_bomb()
    assert len(text) < 100_000
    assert sum(FAN_OUT**level for level in range(LEVELS + 1)) * 2 < MAX_EXPANDED_NODES
    expanded = STRING_LENGTH * FAN_OUT**LEVELS * 2
    assert expanded > 1_000_000_000 > 200 * MAX_EXPANDED_CHARS
    with pytest.raises(ArticleFormatError, match="expands to more than"):
        ArticleDocument(Path("bomb.md"), text.encode("utf-8"))


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
        assert len(result.errors) == 1
        assert result.errors[0].startswith(f"{bomb}: front matter expands to more than")
        assert result.written == 1
        data = output.read_bytes()
        assert b"Good" in data and b"xxxx" not in data
    else:  # a byte-for-byte copy expands nothing: the bomb is copied as it is
        assert result.ok and result.written == 2
        assert [w.startswith(f"{bomb}: copied as it is") for w in result.warnings] == [True]
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
    depth = 990  # libyaml accepts up to 1,000 levels; Python's stack would not
    deep.write_text(f"---\ntitle: Deep\nx: {'[' * depth}1{']' * depth}\n---\n", "utf-8")
    good = library / "good.md"
    good.write_text("---\ntitle: Good\n---\n", encoding="utf-8")

    result = export_articles(library, [deep, good], fmt, tmp_path / f"out{fmt.suffix}")

    assert result.written == 2 if not fmt.is_record_format else result.written == 1
    if fmt.is_record_format:
        assert len(result.errors) == 1 and result.errors[0].startswith(f"{deep}: values nest")
    else:  # copied byte for byte, with a warning that it cannot be read as an article
        assert result.ok and len(result.warnings) == 1
