"""An in-window message strip for refused writes: visible, non-blocking, dismissable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStyle, QToolButton, QWidget

_STYLE = """
#notificationBar { background: #fdecea; border: 1px solid #e8a39a; border-radius: 4px; }
#notificationBar QLabel { color: #7a1f12; }
"""


class NotificationBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        layout.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def text(self) -> str:
        return "" if self.isHidden() else self._label.text()

    def show_message(self, text: str) -> None:
        self._label.setText(text)
        self.show()

    def dismiss(self) -> None:
        self._label.clear()
        self.hide()
