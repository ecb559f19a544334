"""Scanning a folder with broken symbolic links, unlistable folders and odd files in it.

Tests run as root, where permissions do not stop reads: an unlistable folder is
simulated by making ``os.scandir`` refuse it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from curator_app.core import document, library
from curator_app.core.library import iter_article_paths, read_entry, scan_folder

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """Good articles around a looping link, a dangling link and a link to a good file."""
    root = tmp_path / "linked"
    (root / "sub").mkdir(parents=True)
    shutil.copyfile(FIXTURES / "seed.txt", root / "a_good.txt")
    shutil.copyfile(FIXTURES / "seed.txt", root / "sub" / "z_good.md")
    (root / "loop.md").symlink_to("loop.md")
    (root / "ping.md").symlink_to("pong.md")
    (root / "pong.md").symlink_to("ping.md")
    (root / "dangling.md").symlink_to("missing.md")
    (root / "sub" / "alias.md").symlink_to("z_good.md")
    (root / "to_folder.md").symlink_to("sub")
    (root / "not_an_article.png").symlink_to("not_an_article.png")
    return root


def test_broken_links_are_error_entries_and_the_rest_is_read(linked: Path) -> None:
    entries = {entry.relpath: entry for entry in scan_folder(linked)}

    assert sorted(entries) == [
        "a_good.txt",
        "dangling.md",
        "loop.md",
        "ping.md",
        "pong.md",
        "sub/alias.md",
        "sub/z_good.md",
    ]
    errors = {relpath: entry.error for relpath, entry in entries.items() if not entry.ok}
    assert errors == {
        "dangling.md": "symbolic link to a missing file",
        "loop.md": "symbolic link loop",
        "ping.md": "symbolic link loop",
        "pong.md": "symbolic link loop",
    }
    assert entries["sub/alias.md"].title == entries["sub/z_good.md"].title != ""
    assert entries["loop.md"].title == "loop"


def test_the_paths_to_read_leave_broken_links_out(linked: Path) -> None:
    assert [path.relative_to(linked).as_posix() for path in iter_article_paths(linked)] == [
        "a_good.txt",
        "sub/alias.md",
        "sub/z_good.md",
    ]


def test_reading_a_looping_link_directly_is_an_error_entry(linked: Path) -> None:
    entry = read_entry(linked / "loop.md", linked)
    assert not entry.ok and entry.error is not None
    assert "symbolic link loop" in entry.error


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_named_like_an_article_is_skipped_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "link_to_pipe.md").symlink_to("pipe.md")
    shutil.copyfile(FIXTURES / "seed.txt", tmp_path / "seed.txt")
    assert [entry.relpath for entry in scan_folder(tmp_path)] == ["seed.txt"]


def test_a_folder_that_cannot_be_listed_is_an_error_entry_and_the_rest_is_read(
    linked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (linked / "locked").mkdir()
    shutil.copyfile(FIXTURES / "seed.txt", linked / "locked" / "hidden_from_us.md")
    real_scandir = os.scandir

    def refusing(path: str | os.PathLike[str]) -> object:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(library.os, "scandir", refusing)

    entries = {entry.relpath: entry for entry in scan_folder(linked)}

    assert entries["locked"].error == (
        "folder cannot be listed (Permission denied); its articles are missing"
    )
    assert entries["a_good.txt"].ok and entries["sub/z_good.md"].ok
    assert "locked" not in [p.name for p in iter_article_paths(linked)]


def test_a_top_folder_that_cannot_be_listed_is_one_error_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refusing(path: str | os.PathLike[str]) -> object:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(library.os, "scandir", refusing)

    entries = list(scan_folder(tmp_path))

    assert [(entry.relpath, entry.ok) for entry in entries] == [(".", False)]
    assert list(iter_article_paths(tmp_path)) == []


def test_an_unexpected_failure_costs_one_row_not_the_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.md", "b.md", "c.md"):
        shutil.copyfile(FIXTURES / "seed.txt", tmp_path / name)
    real_load = document.ArticleDocument.load

    def load(path: Path) -> document.ArticleDocument:
        if path.name == "b.md":
            raise RuntimeError("a bug")
        return real_load(path)

    monkeypatch.setattr(document.ArticleDocument, "load", load)

    entries = list(scan_folder(tmp_path))

    assert [(entry.relpath, entry.ok) for entry in entries] == [
        ("a.md", True),
        ("b.md", False),
        ("c.md", True),
    ]
    assert entries[1].error == "cannot be read (unexpected RuntimeError: a bug)"


def test_an_export_given_a_looping_link_reports_it_and_goes_on(tmp_path: Path) -> None:
    from curator_app.core.export import ExportFormat, export_articles

    library = tmp_path / "library"
    library.mkdir()
    good = library / "good.md"
    good.write_text("---\ntitle: Good\n---\n", encoding="utf-8")
    loop = library / "loop.md"
    loop.symlink_to("loop.md")
    result = export_articles(library, [loop, good], ExportFormat.JSONL, tmp_path / "out.jsonl")
    assert result.written == 1
    assert result.errors == [f"{loop}: is a symbolic link loop; not read"]
