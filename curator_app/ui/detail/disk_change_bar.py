"""The bar that says the shown file changed on disk while a field was being edited."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class DiskChangeBar(QFrame):
    """ "Changed on disk" with Reload and Keep editing; hidden until ``show_for``."""

    reloadRequested = Signal()
    keepEditingRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diskChangeBar")
        self.setStyleSheet(
            "#diskChangeBar { background: #e6f0ff; color: #123a73; border: 1px solid #9dbcf0;"
            " border-radius: 6px; }"
        )
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.reload_button = QPushButton("Reload", self)
        self.keep_button = QPushButton("Keep editing", self)
        self.keep_button.setToolTip(
            "Your edit is saved into the new version of the file, unless someone else "
            "changed that same field"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.reload_button)
        layout.addWidget(self.keep_button)
        self.reload_button.clicked.connect(self._reload)
        self.keep_button.clicked.connect(self._keep)
        self.hide()

    def show_for(self, name: str) -> None:
        self.label.setText(f"{name} changed on disk while you were editing it.")
        self.show()

    def _reload(self) -> None:
        self.hide()
        self.reloadRequested.emit()

    def _keep(self) -> None:
        self.hide()
        self.keepEditingRequested.emit()
