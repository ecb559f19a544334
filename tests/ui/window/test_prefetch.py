"""Moving on shows the next article's thumbnails at once: they were loaded ahead."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage

from curator_app.ui.images.strip import LARGE_TILE, ThumbnailTile
from curator_app.ui.images.thumbnails import ThumbnailLoader
from curator_app.ui.tasks import TaskRunner
from curator_app.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen, on show()

ARTICLE = """---
title: "{title}"
published: false
images:
  - url: "img/{name}.png"
    width: 300
    height: 200
---
"""


def _folder(root: Path, names: list[str]) -> Path:
    (root / "img").mkdir(parents=True)
    for name in names:
        image = QImage(300, 200, QImage.Format.Format_RGB32)
        image.fill(QColor("teal"))
        image.save(str(root / "img" / f"{name}.png"))
        text = ARTICLE.format(title=name.title(), name=name)
        (root / f"{name}.md").write_text(text, encoding="utf-8")
    return root


def test_the_next_articles_images_are_loaded_ahead_and_shown_at_once(
    qtbot: Any, open_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    names = ["a1", "a2", "a3", "a4", "a5"]
    folder = _folder(tmp_path / "articles", names)
    loader = ThumbnailLoader(cache_dir=tmp_path / "thumbs")
    window = open_window(folder, thumbnails=loader)
    window.review.select_row(0)
    img = folder / "img"
    qtbot.waitUntil(lambda: loader.cached("img/a2.png", folder, LARGE_TILE), timeout=5000)
    qtbot.waitUntil(lambda: loader.cached("img/a4.png", folder, LARGE_TILE), timeout=5000)
    assert not loader.cached("img/a5.png", folder, LARGE_TILE)  # three ahead, no more
    (img / "a2.png").unlink()  # only what was loaded ahead can show it now
    window.review.select_row(1)
    tiles = window.detail.form.image_strip.tiles()
    qtbot.waitUntil(lambda: tiles[0].state != ThumbnailTile.LOADING, timeout=5000)
    assert tiles[0].state == ThumbnailTile.LOADED


class HoldingRunner(TaskRunner):
    """Keeps background work until released, then runs it in the given order."""

    def __init__(self) -> None:
        super().__init__(synchronous=True)
        self.held: list[tuple[Any, Any, Any]] = []

    def run(self, work: Any, on_done: Any, on_error: Any = None) -> None:
        self.held.append((work, on_done, on_error))

    def release(self, reverse: bool = False) -> None:
        held, self.held = self.held, []
        for work, on_done, on_error in reversed(held) if reverse else held:
            super().run(work, on_done, on_error)


def test_moving_on_before_the_reads_arrive_still_loads_the_newest_three(
    qtbot: Any, open_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    names = ["a1", "a2", "a3", "a4", "a5", "a6"]
    folder = _folder(tmp_path / "articles", names)
    loader = ThumbnailLoader(cache_dir=tmp_path / "thumbs")
    runner = HoldingRunner()
    window = open_window(folder, thumbnails=loader, runner=runner)
    runner.release()
    window.review.select_row(0)  # prefetch a2, a3, a4: held back
    window.review.select_row(1)  # prefetch a3, a4, a5 before the first reads arrive
    runner.release(reverse=True)  # late, and out of order
    for name in ("a3", "a4", "a5"):
        qtbot.waitUntil(lambda n=name: loader.cached(f"img/{n}.png", folder, LARGE_TILE))
    assert not loader.cached("img/a6.png", folder, LARGE_TILE)
