from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QMenu

from curator_app.appinfo import APP_ID, version
from curator_app.ui.window.about import AboutDialog
from curator_app.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_about_shows_the_package_version(qtbot: Any) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert version() != "unknown"  # the tests run on an installed (editable) package
    assert f"Curator {version()}" in texts
    assert APP_ID in texts and "Qt " in texts


def test_help_menu_opens_about(open_window: Callable[..., MainWindow], monkeypatch: Any) -> None:
    window = open_window()
    shown: list[object] = []
    monkeypatch.setattr("curator_app.ui.window.actions.show_about", shown.append)
    menus = [a.menu() for a in window.menuBar().actions() if isinstance(a.menu(), QMenu)]
    help_menu = next(m for m in menus if m.title() == "&Help")
    assert window.window_actions.about in help_menu.actions()
    window.window_actions.about.trigger()
    assert shown == [window]
