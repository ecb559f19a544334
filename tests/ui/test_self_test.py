"""``curator-app --self-test`` in this process (the installed-wheel run is in tests/packaging)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest

from curator_app import app
from curator_app.resources import sample_folder
from curator_app.self_test import SelfTestError, _changed_lines, run_self_test

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_self_test_passes_on_the_sample_folder_and_leaves_it_untouched(qapp: Any) -> None:
    before = {p: p.read_bytes() for p in sample_folder().rglob("*") if p.is_file()}
    out = io.StringIO()
    run_self_test(None, out)
    lines = out.getvalue().splitlines()
    assert lines[-1].startswith("self-test passed")
    assert any("one line changed" in line for line in lines)
    assert any(line.strip().startswith("thumbnail ") for line in lines)
    assert {p: p.read_bytes() for p in sample_folder().rglob("*") if p.is_file()} == before


def test_a_folder_without_a_local_image_fails_with_the_reason(
    qapp: Any, article_folder: Path, capsys: Any
) -> None:
    assert app.main(["--self-test", str(article_folder)]) == 1
    assert "self-test failed: no article with a local image" in capsys.readouterr().err


def test_a_folder_with_nothing_to_flip_fails(qapp: Any, tmp_path: Path) -> None:
    folder = tmp_path / "published"
    shutil.copytree(sample_folder(), folder)
    for path in folder.rglob("*.*"):
        if path.suffix in (".txt", ".md"):
            path.write_bytes(path.read_bytes().replace(b"published: false", b"published: true"))
    with pytest.raises(SelfTestError, match="no unpublished article"):
        run_self_test(folder, io.StringIO())


def test_changed_lines_tells_one_replaced_line_from_anything_else() -> None:
    assert _changed_lines(b"a\nb: false\nc\n", b"a\nb: true\nc\n") == [("b: false\n", "b: true\n")]
    with pytest.raises(SelfTestError):
        _changed_lines(b"a\nb\n", b"a\nb\nc\n")
