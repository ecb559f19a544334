"""Copied images are opened once, below the library folder, without following any link.

A folder or zip export must never copy bytes from outside the library folder, even when
an image is swapped for a symbolic link between the check and the read, and a bad image
reference is one article's error, never the end of the export.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest

from curator_app.core import export_copy, export_sources
from curator_app.core.export import ExportFormat, ExportResult, export_articles
from curator_app.core.export_copy import EXPORT_MARKER
from curator_app.core.export_sources import LibraryRoot, LocalImage, SourceArticle

COPY_FORMATS = [ExportFormat.FOLDER, ExportFormat.ZIP]
SECRET = b"SECRET-OUTSIDE-BYTES"


def article(folder: Path, name: str, *urls: str) -> Path:
    """An article whose image urls are YAML double-quoted strings (escapes allowed)."""
    lines = ["---", f"title: {name}", "images:", *(f'  - url: "{url}"' for url in urls)]
    path = folder / name
    path.write_text("\n".join([*lines, "---", "Body", ""]), encoding="utf-8")
    return path


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    (folder / "images").mkdir(parents=True)
    (folder / "secret.png").write_bytes(SECRET)
    (folder / "images" / "pic.png").write_bytes(SECRET)
    return folder


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "pic.png").write_bytes(b"PIC")
    (folder / "other.png").write_bytes(b"OTHER")
    return folder


def exported(output: Path, fmt: ExportFormat) -> dict[str, bytes]:
    """Every file of the output (the marker left out) and its bytes."""
    if fmt is ExportFormat.ZIP:
        with zipfile.ZipFile(output) as archive:
            return {name: archive.read(name) for name in archive.namelist()}
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in output.rglob("*")
        if p.is_file() and p.name != EXPORT_MARKER
    }


def assert_no_secret(output: Path, fmt: ExportFormat) -> None:
    assert all(SECRET not in data for data in exported(output, fmt).values())
    if fmt is ExportFormat.ZIP:
        assert SECRET not in output.read_bytes()


def export_two(library: Path, tmp_path: Path, fmt: ExportFormat, *urls: str) -> ExportResult:
    """Export an article with ``urls`` and a second, plain article with its own image."""
    first = article(library, "a.md", *urls)
    second = article(library, "b.md", "other.png")
    return export_articles(library, [first, second], fmt, tmp_path / f"out{fmt.suffix}")


@pytest.mark.parametrize("fmt", COPY_FORMATS)
@pytest.mark.parametrize("swapped", ["images/pic.png", "images"])
def test_an_image_swapped_for_a_link_after_the_check_is_never_read(
    library: Path,
    outside: Path,
    tmp_path: Path,
    fmt: ExportFormat,
    swapped: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_resolve_image = export_copy.resolve_image
    swaps: list[str] = []

    def resolve_then_swap(root: LibraryRoot, source: SourceArticle, reference: str) -> LocalImage:
        image = real_resolve_image(root, source, reference)
        if reference == "images/pic.png":  # the check passed: now swap in a link
            target = library / swapped
            if target.is_dir():
                shutil.rmtree(target)
            else:
                target.unlink()
            target.symlink_to(outside / swapped)
            swaps.append(reference)
        return image

    monkeypatch.setattr(export_copy, "resolve_image", resolve_then_swap)
    result = export_two(library, tmp_path, fmt, "images/pic.png")

    output = tmp_path / f"out{fmt.suffix}"
    assert swaps == ["images/pic.png"]
    assert_no_secret(output, fmt)
    if swapped == "images":
        reason = "leads through the symbolic link 'images'"
    else:
        reason = "is a symbolic link"
    assert result.errors == [
        f"{library / 'a.md'}: image 'images/pic.png' {reason}; not followed, refused"
    ]
    assert result.written == 2
    assert set(exported(output, fmt)) == {"a.md", "b.md", "other.png"}


@pytest.mark.parametrize("fmt", COPY_FORMATS)
def test_symbolic_links_are_refused_even_inside_the_library(
    library: Path, outside: Path, tmp_path: Path, fmt: ExportFormat
) -> None:
    (library / "link.png").symlink_to(library / "images" / "pic.png")
    (library / "linked").symlink_to(library / "images")
    (library / "away").symlink_to(outside)

    result = export_two(
        library, tmp_path, fmt, "link.png", "linked/pic.png", "away/secret.png", "images/pic.png"
    )

    path = library / "a.md"
    assert result.errors == [
        f"{path}: image 'link.png' is a symbolic link; not followed, refused",
        f"{path}: image 'linked/pic.png' leads through the symbolic link 'linked'; "
        "not followed, refused",
        f"{path}: image 'away/secret.png' leads through the symbolic link 'away'; "
        "not followed, refused",
    ]
    output = tmp_path / f"out{fmt.suffix}"
    assert_no_secret(output, fmt)
    assert exported(output, fmt) == {
        "a.md": path.read_bytes(),
        "b.md": (library / "b.md").read_bytes(),
        "images/pic.png": b"PIC",
        "other.png": b"OTHER",
    }


@pytest.mark.parametrize("fmt", COPY_FORMATS)
def test_a_fifo_image_is_refused_without_blocking(
    library: Path, tmp_path: Path, fmt: ExportFormat
) -> None:
    os.mkfifo(library / "images" / "pipe.png")

    result = export_two(library, tmp_path, fmt, "images/pipe.png", "images/pic.png")

    assert result.errors == [
        f"{library / 'a.md'}: image 'images/pipe.png' is a FIFO, not a regular file; refused"
    ]
    assert result.written == 2
    output = tmp_path / f"out{fmt.suffix}"
    assert set(exported(output, fmt)) == {"a.md", "b.md", "images/pic.png", "other.png"}


@pytest.mark.parametrize("fmt", COPY_FORMATS)
def test_a_folder_or_a_missing_image_is_still_a_warning(
    library: Path, tmp_path: Path, fmt: ExportFormat
) -> None:
    (library / "images" / "folder.png").mkdir()
    result = export_two(library, tmp_path, fmt, "images/folder.png", "images/gone.png", "x/y.png")
    path = library / "a.md"
    assert result.ok and result.written == 2
    assert result.warnings == [
        f"{path}: image 'images/folder.png' is a folder, not a file; not copied",
        f"{path}: image 'images/gone.png' does not exist; nothing to copy",
        f"{path}: image 'x/y.png' does not exist; nothing to copy",
    ]


@pytest.mark.parametrize("fmt", COPY_FORMATS)
def test_a_nul_byte_in_an_image_url_is_that_articles_error(
    library: Path, tmp_path: Path, fmt: ExportFormat
) -> None:
    result = export_two(library, tmp_path, fmt, "images/pic\\0.png", "images/pic.png")

    assert result.errors == [
        f"{library / 'a.md'}: image 'images/pic\\x00.png' is not a possible file name "
        "(embedded null byte); refused"
    ]
    assert result.written == 2
    output = tmp_path / f"out{fmt.suffix}"
    assert exported(output, fmt) == {
        "a.md": (library / "a.md").read_bytes(),
        "b.md": (library / "b.md").read_bytes(),
        "images/pic.png": b"PIC",
        "other.png": b"OTHER",
    }


def test_where_descriptors_cannot_be_walked_links_are_still_refused(
    library: Path, outside: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_sources, "_BY_DESCRIPTOR", False)  # as on Windows
    (library / "link.png").symlink_to(outside / "secret.png")
    (library / "away").symlink_to(outside)

    fmt = ExportFormat.ZIP
    result = export_two(library, tmp_path, fmt, "link.png", "away/secret.png", "images/pic.png")

    path = library / "a.md"
    assert result.errors == [
        f"{path}: image 'link.png' is a symbolic link; not followed, refused",
        f"{path}: image 'away/secret.png' leads through the symbolic link 'away'; "
        "not followed, refused",
    ]
    output = tmp_path / f"out{fmt.suffix}"
    assert_no_secret(output, fmt)
    assert set(exported(output, fmt)) == {"a.md", "b.md", "images/pic.png", "other.png"}
