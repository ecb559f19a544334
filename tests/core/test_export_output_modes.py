"""Export outputs get the permissions the user's umask gives any new file or folder."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from curator_app.core.export import ExportFormat, ExportOptions, export_articles


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    (folder / "news" / "images").mkdir(parents=True)
    (folder / "news" / "images" / "pic.png").write_bytes(b"png")
    (folder / "news" / "a.md").write_text(
        "---\ntitle: A\nimages:\n  - url: images/pic.png\n---\nBody\n", encoding="utf-8"
    )
    return folder


@pytest.fixture(params=[0o022, 0o077, 0o002], ids=oct)
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    mask: int = request.param
    previous = os.umask(mask)
    try:
        yield mask
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_outputs_follow_the_umask(
    library: Path, tmp_path: Path, umask: int, fmt: ExportFormat
) -> None:
    output = tmp_path / f"out{fmt.suffix}"
    result = export_articles(library, [library / "news" / "a.md"], fmt, output)
    assert result.ok

    if fmt is ExportFormat.FOLDER:
        assert mode(output) == 0o777 & ~umask
        for folder in (output / "news", output / "news" / "images"):
            assert mode(folder) == 0o777 & ~umask
        for file in (output / "news" / "a.md", output / "news" / "images" / "pic.png"):
            assert mode(file) == 0o666 & ~umask
    else:
        assert mode(output) == 0o666 & ~umask


@pytest.mark.parametrize("fmt", [ExportFormat.CSV, ExportFormat.FOLDER])
def test_a_replaced_output_follows_the_umask_too(
    library: Path, tmp_path: Path, umask: int, fmt: ExportFormat
) -> None:
    output = tmp_path / f"out{fmt.suffix}"
    article = [library / "news" / "a.md"]
    export_articles(library, article, fmt, output)
    if fmt is ExportFormat.FOLDER:
        output.chmod(0o700)
    else:
        output.chmod(0o600)
    export_articles(library, article, fmt, output, ExportOptions(force=True))
    assert mode(output) == (0o777 if fmt is ExportFormat.FOLDER else 0o666) & ~umask
