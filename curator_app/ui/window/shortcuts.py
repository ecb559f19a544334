"""Help ▸ Keyboard Shortcuts: every shortcut, read from the window's own menus.

The list is built from the actions when it is opened, so it cannot go stale: a new
action, or a changed shortcut, shows up here by itself.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

NATIVE = QKeySequence.SequenceFormat.NativeText


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(group, action, keys) for every menu action that has a shortcut, in menu order,
    then the keys that work only while one widget (the list) has the focus."""
    rows: list[tuple[str, str, str]] = []
    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            rows += [(_plain(top.text()), name, keys) for name, keys in _menu_rows(menu)]
    for action in window.findChildren(QAction):
        owner = action.parent()
        if action.shortcutContext() != Qt.ShortcutContext.WidgetShortcut or not isinstance(
            owner, QWidget
        ):
            continue
        keys = _keys(action)
        if keys:
            place = "the list" if isinstance(owner, QAbstractItemView) else owner.objectName()
            rows.append((f"While {place} has the focus", _plain(action.text()), keys))
    return rows


def _keys(action: QAction) -> str:
    return ", ".join(key.toString(NATIVE) for key in action.shortcuts() if not key.isEmpty())


def _menu_rows(menu: QMenu) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for action in menu.actions():
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            rows += _menu_rows(submenu)
            continue
        keys = _keys(action)
        if keys and not action.isSeparator():
            rows.append((_plain(action.text()), keys))
    return rows


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent if parent is not None else window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard Shortcuts")
        self.resize(460, 520)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("shortcutsTree")
        self.tree.setHeaderLabels(["Action", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        groups: dict[str, QTreeWidgetItem] = {}
        for menu, name, keys in shortcut_rows(window):
            group = groups.get(menu)
            if group is None:
                group = groups[menu] = QTreeWidgetItem(self.tree, [menu])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFirstColumnSpanned(True)
            QTreeWidgetItem(group, [name, keys])
        self.tree.expandAll()
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)


def show_shortcuts(window: QMainWindow) -> ShortcutsDialog:
    dialog = ShortcutsDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def make_shortcuts_action(window: QMainWindow) -> QAction:
    action = QAction("&Keyboard Shortcuts", window)
    action.setObjectName("shortcutsAction")
    action.setShortcut(QKeySequence("F1"))
    action.triggered.connect(lambda: show_shortcuts(window))
    return action
