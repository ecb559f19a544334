"""The folder library: which files are articles, and what each entry says."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from curator_app.core.library import (
    iter_article_paths,
    read_entry,
    relative_path,
    scan_folder,
)

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A folder with articles at several depths, hidden things, non-articles and broken files."""
    root = tmp_path / "library"
    (root / "world" / "europe").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / ".drafts").mkdir()
    shutil.copyfile(FIXTURES / "seed.txt", root / "seed.txt")
    shutil.copyfile(FIXTURES / "crlf.md", root / "world" / "trams.md")
    shutil.copyfile(FIXTURES / "comments.md", root / "world" / "europe" / "rivers.markdown")
    shutil.copyfile(FIXTURES / "invalid_yaml.md", root / "world" / "broken.md")
    shutil.copyfile(FIXTURES / "not_utf8.txt", root / "world" / "europe" / "latin1.txt")
    shutil.copyfile(FIXTURES / "not_mapping.md", root / "list.md")
    shutil.copyfile(FIXTURES / "no_front_matter.md", root / "notes.md")
    shutil.copyfile(FIXTURES / "seed.txt", root / ".hidden.md")
    shutil.copyfile(FIXTURES / "seed.txt", root / ".drafts" / "draft.md")
    shutil.copyfile(FIXTURES / "seed.txt", root / ".git" / "HEAD.md")
    shutil.copyfile(FIXTURES / "seed.txt", root / "world" / "seed.rst")
    (root / "world" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "binary.txt").write_bytes(bytes(range(256)))
    return root


def test_scan_finds_articles_and_skips_hidden_and_other_files(library: Path) -> None:
    relpaths = [entry.relpath for entry in scan_folder(library)]
    assert sorted(relpaths) == [
        "binary.txt",
        "list.md",
        "notes.md",
        "seed.txt",
        "world/broken.md",
        "world/europe/latin1.txt",
        "world/europe/rivers.markdown",
        "world/trams.md",
    ]
    assert len(set(relpaths)) == len(relpaths)
    assert [p.name for p in iter_article_paths(library)] == [(library / r).name for r in relpaths]


def test_broken_files_are_entries_with_reasons(library: Path) -> None:
    entries = {entry.relpath: entry for entry in scan_folder(library)}
    reasons = {relpath: entry.error for relpath, entry in entries.items() if not entry.ok}
    assert set(reasons) == {
        "binary.txt",
        "list.md",
        "notes.md",
        "world/broken.md",
        "world/europe/latin1.txt",
    }
    assert reasons["binary.txt"] is not None and "not UTF-8" in reasons["binary.txt"]
    assert reasons["list.md"] == "front matter is a list, not a mapping of keys to values"
    assert reasons["notes.md"] is not None and reasons["notes.md"].startswith("no front matter")
    assert reasons["world/broken.md"] is not None
    assert reasons["world/broken.md"].startswith("invalid YAML at line 5, column 10")
    broken = entries["world/broken.md"]
    assert broken.title == "broken" and broken.size == (library / "world/broken.md").stat().st_size
    # The good files after the broken ones were still read.
    assert entries["world/trams.md"].ok and entries["world/europe/rivers.markdown"].ok


def test_entry_fields_come_from_the_seed(library: Path) -> None:
    entry = read_entry(library / "seed.txt", library)
    assert entry.ok and entry.error is None
    assert entry.path == library / "seed.txt" and entry.relpath == "seed.txt"
    assert entry.title == "Facebook Loves Self-Supervised Learning. Period."
    assert entry.excerpt.startswith("Facebook's chief AI scientist Yann LeCun's")
    assert (entry.provider, entry.provider_domain) == (
        "Analytics India Magazine",
        "analyticsindiamag.com",
    )
    assert entry.published_text == "2021-10-11T05:30:00Z"
    assert entry.published_at == datetime(2021, 10, 11, 5, 30, tzinfo=UTC)
    assert (entry.type, entry.category) == ("article", "news")
    assert (entry.quality, entry.heat) == (24, -1)
    assert entry.published is False
    assert entry.topics == ("Facebook AI", "AI")
    assert entry.image_count == 1  # the related article's image is not counted
    assert entry.first_image.startswith("https://")  # the list's thumbnail column loads it
    assert entry.body_length == 0
    st = (library / "seed.txt").stat()
    assert (entry.size, entry.mtime_ns) == (st.st_size, st.st_mtime_ns)


def test_entry_fields_of_other_layouts(library: Path) -> None:
    trams = read_entry(library / "world" / "trams.md", library)
    assert trams.relpath == "world/trams.md"
    assert trams.published_text == "2022-03-01T08:15:00Z"
    assert trams.topics == ("Transport",) and trams.image_count == 0
    assert trams.body_length == len("Body line one.\r\nBody line two.")
    assert trams.quality is None and trams.provider == ""
    rivers = read_entry(library / "world" / "europe" / "rivers.markdown", library)
    assert (rivers.quality, rivers.heat, rivers.published) == (31, 4, False)
    assert rivers.relpath == "world/europe/rivers.markdown"


def test_published_text_keeps_quoted_and_offset_forms(tmp_path: Path) -> None:
    quoted = tmp_path / "quoted.md"
    quoted.write_text('---\npublishedDateTime: "2021-10-11T05:30:00Z"\npublished: true\n---\n')
    offset = tmp_path / "offset.md"
    offset.write_text("---\npublishedDateTime: 2021-10-11 07:30:00+02:00\n---\n")
    first = read_entry(quoted, tmp_path)
    assert first.published_text == "2021-10-11T05:30:00Z" and first.published is True
    assert first.published_at == datetime(2021, 10, 11, 5, 30, tzinfo=UTC)
    second = read_entry(offset, tmp_path)
    assert second.published_text == "2021-10-11 07:30:00+02:00"
    assert second.published_at == datetime(2021, 10, 11, 5, 30, tzinfo=UTC)


def test_a_file_that_vanished_becomes_an_error_entry(tmp_path: Path) -> None:
    entry = read_entry(tmp_path / "gone.md", tmp_path)
    assert not entry.ok and entry.error is not None and "cannot be read" in entry.error
    assert (entry.relpath, entry.size, entry.mtime_ns) == ("gone.md", 0, 0)


def test_scan_stops_when_asked(library: Path) -> None:
    seen: list[str] = []

    def should_stop() -> bool:
        return len(seen) >= 3

    for entry in scan_folder(library, should_stop):
        seen.append(entry.relpath)
    assert len(seen) == 3


def test_relative_paths_are_posix(tmp_path: Path) -> None:
    assert relative_path(tmp_path / "a" / "b" / "c.md", tmp_path) == "a/b/c.md"
    outside = Path("/elsewhere/x.md")
    assert relative_path(outside, tmp_path) == "/elsewhere/x.md"


@pytest.mark.parametrize(
    ("path", "folder"),
    [
        ("/lib/a/b.md", "/lib"),
        ("/lib/a/b.md", "/"),
        ("/lib/../x.md", "/lib"),
        ("/library/x.md", "/lib"),
        ("/lib", "/lib"),
        ("a/b.md", "."),
        ("a/b.md", "a"),
        ("a/b.md", "/a"),
        ("./a/b.md", ""),
    ],
)
def test_relative_paths_are_pathlibs(path: str, folder: str) -> None:
    try:
        expected = Path(path).relative_to(Path(folder)).as_posix()
    except ValueError:
        expected = Path(path).as_posix()
    assert relative_path(Path(path), Path(folder)) == expected


def test_missing_folder_scans_as_empty(tmp_path: Path) -> None:
    assert list(scan_folder(tmp_path / "nowhere")) == []
