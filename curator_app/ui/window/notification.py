"""An in-window message strip for refused writes: visible, non-blocking, dismissable.

It floats over the bottom of the widget it is attached to (the list), so showing or
hiding it never moves the rows under the pointer. A message about one file goes away
by itself once a later write of that file succeeds.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStyle, QToolButton, QWidget

MARGIN = 8

_STYLE = """
#notificationBar { background: #fdecea; border: 1px solid #e8a39a; border-radius: 4px; }
#notificationBar QLabel { color: #7a1f12; }
"""


class NotificationBar(QFrame):
    def __init__(self, over: QWidget) -> None:
        super().__init__(over)
        self._over = over
        self.path: Path | None = None  # the file the message is about, if one
        over.installEventFilter(self)
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
        self._place()
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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._over and event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        """Across the bottom of the list, above its horizontal scroll bar."""
        width = max(120, self._over.width() - 2 * MARGIN)
        layout = self.layout()
        height = layout.totalHeightForWidth(width) if layout is not None else -1
        height = max(height, self.minimumSizeHint().height())
        self.setFixedSize(width, height)
        self.move(MARGIN, max(0, self._over.height() - height - MARGIN - 16))
