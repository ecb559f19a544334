"""Help ▸ Keyboard Shortcuts lists every shortcut, from the actions themselves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QTreeWidget

from curator_app.ui.window.main_window import MainWindow
from curator_app.ui.window.shortcuts import ShortcutsDialog, shortcut_rows

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_every_menu_shortcut_is_listed_and_a_new_one_appears_by_itself(
    qtbot: Any, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    rows = shortcut_rows(window)
    listed = {(name, keys) for _menu, name, keys in rows}
    for expected in [("Publish Selected", "Ctrl+P"), ("Undo", "Ctrl+Z"), ("Reload", "F5")]:
        assert expected in listed
    in_list = {(name, keys) for group, name, keys in rows if group.startswith("While the list")}
    assert {
        ("Publish Selected", "P"),
        ("Next Article", "J"),
        ("Toggle Published", "Space"),
    } <= in_list
    assert ("Keyboard Shortcuts", "F1") in listed
    menus = window.menuBar().actions()
    extra = QAction("Brand New Thing", window)
    extra.setShortcut(QKeySequence("Ctrl+Alt+B"))
    menus[0].menu().addAction(extra)
    assert ("File", "Brand New Thing", "Ctrl+Alt+B") in shortcut_rows(window)


def test_the_dialog_shows_them_grouped_by_menu(
    qtbot: Any, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    window.window_actions.shortcuts.trigger()
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    tree = dialog.findChild(QTreeWidget)
    assert tree is not None
    groups = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert groups[:3] == ["File", "Edit", "View"]
    assert groups[-1] == "While the list has the focus"
    shown = sum(tree.topLevelItem(i).childCount() for i in range(tree.topLevelItemCount()))
    assert shown == len(shortcut_rows(window))
    dialog.close()
