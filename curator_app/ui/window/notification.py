"""An in-window message strip for refused writes: visible, non-blocking, dismissable.

The window lays it over the bottom of the list (both in one grid cell), so showing or
hiding it never moves the rows under the pointer. A message about one file goes away
by itself once a later write of that file succeeds.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QStyle,
    QToolButton,
    QWidget,
)

_STYLE = """
#notificationBar { background: #fdecea; border: 1px solid #e8a39a; border-radius: 4px;
                   margin: 0 8px 22px 8px; }
#notificationBar QLabel { color: #7a1f12; }
"""


class NotificationBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None  # the file the message is about, if one
        self.setObjectName("notificationBar")
        self.setStyleSheet(_STYLE)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        icon = QLabel(self)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(18, 18)
        )
        self._label = QLabel(self)
        self._label.setObjectName("notificationText")
        self._label.setWordWrap(True)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton(self)
        close.setObjectName("notificationClose")
        close.setAutoRaise(True)
        close.setText("✕")
        close.setToolTip("Dismiss")
        close.clicked.connect(self.dismiss)
        layout.addWidget(icon, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self._label, 1, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def text(self) -> str:
        return "" if self.isHidden() else self._label.text()

    def show_message(self, text: str, path: Path | None = None) -> None:
        self._label.setText(text)
        self.path = path
        self.show()
        self.raise_()

    def dismiss(self) -> None:
        self._label.clear()
        self.path = None
        self.hide()

    def saved(self, path: Path) -> None:
        """A write of ``path`` succeeded: a message about that file is out of date."""
        if self.path == path:
            self.dismiss()


def overlay(base: QWidget, bar: NotificationBar, parent: QWidget) -> QWidget:
    """``base`` with ``bar`` laid over its bottom edge, above its horizontal scroll bar."""
    holder = QWidget(parent)
    grid = QGridLayout(holder)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.addWidget(base, 0, 0)
    grid.addWidget(bar, 0, 0, Qt.AlignmentFlag.AlignBottom)
    return holder
