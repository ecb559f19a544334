"""Every typed error: raised for the right file, with the path and a readable reason."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from curator_app.core.document import ArticleDocument
from curator_app.core.errors import (
    ArticleFormatError,
    ConflictError,
    CuratorError,
    DuplicateKeyError,
    InvalidYamlError,
    NoFrontMatterError,
    NotAMappingError,
    NotUtf8Error,
    ReadError,
    TooComplexError,
    UnterminatedFrontMatterError,
)


@pytest.mark.parametrize(
    ("name", "error_type", "words"),
    [
        ("no_front_matter.md", NoFrontMatterError, "no front matter"),
        ("unterminated.md", UnterminatedFrontMatterError, "unterminated front matter"),
        ("not_mapping.md", NotAMappingError, "is a list, not a mapping"),
        ("not_utf8.txt", NotUtf8Error, "not UTF-8 text (invalid byte at offset 15)"),
        ("duplicate_key.md", DuplicateKeyError, "duplicate key 'published' at line 5"),
    ],
)
def test_format_errors_name_the_file_and_the_problem(
    fixture_copy: Callable[[str], Path],
    name: str,
    error_type: type[ArticleFormatError],
    words: str,
) -> None:
    path = fixture_copy(name)
    with pytest.raises(error_type) as caught:
        ArticleDocument.load(path)
    assert caught.value.path == path
    assert words in caught.value.reason
    assert str(caught.value) == f"{path}: {caught.value.reason}"


def test_duplicate_key_error_has_the_key_and_file_line(
    fixture_copy: Callable[[str], Path],
) -> None:
    path = fixture_copy("duplicate_key.md")
    with pytest.raises(DuplicateKeyError) as caught:
        ArticleDocument.load(path)
    assert caught.value.key == "published"
    assert path.read_text().splitlines()[caught.value.line - 1] == "published: true"


def test_single_value_front_matter_is_not_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "scalar.md"
    path.write_text("---\njust a sentence\n---\n")
    with pytest.raises(NotAMappingError, match="single value"):
        ArticleDocument.load(path)


def test_only_an_opening_fence_is_unterminated(tmp_path: Path) -> None:
    path = tmp_path / "fence.md"
    path.write_text("---\n")
    with pytest.raises(UnterminatedFrontMatterError):
        ArticleDocument.load(path)


@pytest.mark.parametrize(
    ("text", "line", "column", "at"),
    [
        # The fixture: the flow list is never closed; the parser notices at `published:`.
        (None, 5, 10, ":"),
        ("---\ntitle: ok\n  bad: indent\n---\n", 3, 6, ":"),
        ("\ufeff---\r\ntitle: ok\r\nquality: [1\r\n---\r\n", 4, 1, "-"),
        ('---\ntitle: ok\nexcerpt: "open\n---\n', 4, 1, "-"),
    ],
)
def test_invalid_yaml_reports_the_file_line_and_column(
    fixture_copy: Callable[[str], Path], text: str | None, line: int, column: int, at: str
) -> None:
    path = fixture_copy("invalid_yaml.md")
    if text is not None:
        path.write_bytes(text.encode("utf-8"))
    with pytest.raises(InvalidYamlError) as caught:
        ArticleDocument.load(path)
    error = caught.value
    assert (error.line, error.column) == (line, column)
    assert f"line {line}, column {column}" in str(error)
    file_lines = path.read_bytes().decode("utf-8-sig").splitlines()
    assert file_lines[error.line - 1][error.column - 1] == at


def test_python_tags_are_refused_and_never_run(
    fixture_copy: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = fixture_copy("python_tag.md")
    monkeypatch.chdir(tmp_path)  # where `touch MARKER` would leave its mark
    calls: list[str] = []

    def record(command: str) -> int:
        calls.append(command)
        return 0

    monkeypatch.setattr(os, "system", record)
    with pytest.raises(InvalidYamlError) as caught:
        ArticleDocument.load(path)
    assert "python/object/apply:os.system" in caught.value.reason
    assert (caught.value.line, caught.value.column) == (3, 12)
    assert calls == []
    assert not (tmp_path / "MARKER").exists()


def test_alias_bombs_are_refused(tmp_path: Path) -> None:
    rows = ["---", 'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for level in range(1, 9):
        prev = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        rows.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 10)}]")
    path = tmp_path / "bomb.md"
    path.write_text("\n".join([*rows, "---", ""]))
    with pytest.raises(TooComplexError, match="more than 100,000 values"):
        ArticleDocument.load(path)


def test_missing_file_is_a_read_error(tmp_path: Path) -> None:
    path = tmp_path / "gone.md"
    with pytest.raises(ReadError, match="cannot be read") as caught:
        ArticleDocument.load(path)
    assert caught.value.path == path


# -- conflicts: the file changed on disk after it was read --------------------


def _assert_conflict(document: ArticleDocument, words: str) -> None:
    with pytest.raises(ConflictError) as caught:
        document.set_published(True)
    assert words in caught.value.reason
    assert "reload before editing" in caught.value.reason
    assert isinstance(caught.value, CuratorError) and caught.value.path == document.path


def test_conflict_when_the_size_changed(fixture_copy: Callable[[str], Path]) -> None:
    path = fixture_copy("seed.txt")
    document = ArticleDocument.load(path)
    theirs = path.read_bytes() + b"Someone else's paragraph.\n"
    path.write_bytes(theirs)
    _assert_conflict(document, "(its size differs)")
    assert path.read_bytes() == theirs


def test_conflict_when_same_size_content_changed_and_mtime_restored(
    fixture_copy: Callable[[str], Path],
) -> None:
    path = fixture_copy("seed.txt")
    document = ArticleDocument.load(path)
    st = path.stat()
    theirs = path.read_bytes().replace(b"quality: 24", b"quality: 99")
    assert len(theirs) == st.st_size
    path.write_bytes(theirs)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # hide the change from size and mtime
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    _assert_conflict(document, "(its content differs)")
    assert path.read_bytes() == theirs


def test_conflict_when_only_the_mtime_changed(fixture_copy: Callable[[str], Path]) -> None:
    path = fixture_copy("seed.txt")
    document = ArticleDocument.load(path)
    before = path.read_bytes()
    os.utime(path, ns=(0, path.stat().st_mtime_ns + 1_000_000_000))
    _assert_conflict(document, "(its modification time differs)")
    assert path.read_bytes() == before


def test_conflict_when_the_file_was_deleted(fixture_copy: Callable[[str], Path]) -> None:
    path = fixture_copy("seed.txt")
    document = ArticleDocument.load(path)
    path.unlink()
    _assert_conflict(document, "(it was deleted)")
    assert not path.exists()
    assert list(path.parent.iterdir()) == []  # not even a temporary file


def test_no_conflict_after_own_writes(fixture_copy: Callable[[str], Path]) -> None:
    document = ArticleDocument.load(fixture_copy("seed.txt"))
    assert document.set_published(True)
    assert document.set("quality", 30)  # the identity follows the document's own saves
    assert document.set_published(False)
    assert ArticleDocument.load(document.path).data == document.data
