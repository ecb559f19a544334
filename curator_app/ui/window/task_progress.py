"""A slim, non-modal progress bar with Cancel for long work the window runs in a task.

``start(label, total)`` shows it ("Publishing 1,000 articles  [412 of 1,000]  Cancel"),
``set_progress(done)`` moves the bar, ``finished()`` hides it; Cancel emits
``cancelRequested`` once and reads "Cancelling…" until the work has stopped. A total of
0 shows a busy bar (the amount of work is not known ahead, as while a folder is read).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget


class TaskProgress(QWidget):
    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None, name: str = "taskProgress") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.setSpacing(6)
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setObjectName(f"{name}Bar")
        self.bar.setFixedWidth(160)
        self.bar.setMaximumHeight(16)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setObjectName(f"{name}Cancel")
        self.cancel_button.setText("Cancel")
        self.cancel_button.setAutoRaise(True)
        self.cancel_button.clicked.connect(self._cancel)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.hide()

    def start(self, label: str, total: int) -> None:
        self.label.setText(label)
        self.bar.setRange(0, max(total, 0))
        self.bar.setValue(0)
        # "%v of %m" would print the numbers without thousands separators
        self.bar.setFormat(f"0 of {total:,}")
        self.bar.setTextVisible(total > 0)
        self.bar.setAccessibleName(label)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText("Cancel")
        self.show()

    def set_progress(self, done: int) -> None:
        self.bar.setValue(min(done, self.bar.maximum()) if self.bar.maximum() else 0)
        if self.bar.maximum():
            self.bar.setFormat(f"{done:,} of {self.bar.maximum():,}")

    def finished(self) -> None:
        self.hide()

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText("Cancelling…")
        self.cancelRequested.emit()
