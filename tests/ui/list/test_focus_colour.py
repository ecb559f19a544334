"""The list's selection is grey while the list lacks the focus: the letters are off."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QPalette

from curator_app.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_the_selection_turns_grey_when_the_focus_leaves_the_list(
    qtbot: Any, open_window: Callable[..., MainWindow], article_folder: Path
) -> None:
    window = open_window(article_folder)
    table = window.table
    window.review.select_row(0)
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    focused = table.palette().color(QPalette.ColorRole.Highlight)
    window.filter_bar.search.setFocus()
    qtbot.waitUntil(lambda: not table.hasFocus())
    muted = table.palette().color(QPalette.ColorRole.Highlight)
    assert muted != focused
    assert muted == table.palette().color(QPalette.ColorRole.Mid)
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    assert table.palette().color(QPalette.ColorRole.Highlight) == focused
