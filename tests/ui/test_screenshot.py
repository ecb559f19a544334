from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage, QPalette

from curator_app.ui.screenshot import dark_palette, main, take_screenshot

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_screenshot_of_the_main_window(qapp: Any, article_folder: Path, tmp_path: Path) -> None:
    output = take_screenshot(article_folder, tmp_path / "shot.png", size=(1200, 760), settle_ms=50)
    image = QImage(str(output))
    assert (image.width(), image.height()) == (1200, 760)
    assert output.stat().st_size > 20_000  # widgets and text, not a blank canvas
    colours = {image.pixel(x, y) for x in range(0, 1200, 7) for y in range(0, 760, 7)}
    assert len(colours) > 50


def test_command_line_refuses_a_missing_folder(tmp_path: Path, capsys: Any) -> None:
    assert main([str(tmp_path / "missing"), str(tmp_path / "shot.png")]) == 2
    assert not (tmp_path / "shot.png").exists()


def test_the_dark_palette_is_dark_with_light_text(qapp: Any) -> None:
    palette = dark_palette()
    role = QPalette.ColorRole
    for background in (role.Window, role.Base, role.Button):
        assert palette.color(background).lightness() < 80
    for text in (role.WindowText, role.Text, role.ButtonText):
        assert palette.color(text).lightness() > 200


def test_every_screenshot_in_the_readme_exists() -> None:
    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text(encoding="utf-8")
    shots = re.findall(r"\]\((docs/[^)]+\.png)\)", readme)
    assert {"docs/screenshot.png", "docs/screenshot-dark.png"} <= set(shots)
    for shot in shots:
        assert (root / shot).is_file(), shot


def test_a_narrow_window_with_the_empty_state(
    qapp: Any, article_folder: Path, tmp_path: Path, capsys: Any
) -> None:
    output = tmp_path / "narrow.png"
    args = ["--size", "683x740", "--search", "zurich", "--published"]
    assert main([*args, str(article_folder), str(output)]) == 0
    image = QImage(str(output))
    assert (image.width(), image.height()) == (683, 740)
