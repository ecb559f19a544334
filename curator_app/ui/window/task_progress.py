"""A slim, non-modal progress bar with Cancel for long work the window runs in a task.

``start(label, total)`` shows it ("[Publishing 412 of 1,000]  Cancel" in the status bar),
``set_progress(done)`` moves the bar, ``finished()`` hides it; Cancel emits
``cancelRequested`` once and reads "Cancelling…" until the work has stopped. A total of
0 shows a busy bar with "label 1,234" beside it (the amount of work is not known ahead,
as while a folder is read).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget


class TaskProgress(QWidget):
    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None, name: str = "taskProgress") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._label_text = ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.setSpacing(6)
        self.label = QLabel(self)  # only beside a busy bar, which shows no text
        self.bar = QProgressBar(self)
        self.bar.setObjectName(f"{name}Bar")
        # Wide enough for "Unpublishing 12,345 of 12,345"; fits beside the counts at 683 px.
        self.bar.setFixedWidth(190)
        self.bar.setMaximumHeight(18)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setObjectName(f"{name}Cancel")
        self.cancel_button.setText("Cancel")
        self.cancel_button.setAutoRaise(True)
        self.cancel_button.clicked.connect(self._cancel)
        layout.addStretch(1)  # any room to spare goes left: bar and Cancel stay together
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.hide()

    def start(self, label: str, total: int) -> None:
        """Show ``label`` ("Publishing") and a bar for ``total`` steps (0: unknown)."""
        self._label_text = label
        self.bar.setRange(0, max(total, 0))
        self.bar.setTextVisible(total > 0)
        self.bar.setAccessibleName(label)
        self.label.setVisible(total <= 0)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText("Cancel")
        self.set_progress(0)
        self.show()

    def set_progress(self, done: int) -> None:
        total = self.bar.maximum()
        if total:
            self.bar.setValue(min(done, total))
            # "%v of %m" would print the numbers without thousands separators
            self.bar.setFormat(f"{self._label_text} {done:,} of {total:,}")
        else:
            self.label.setText(f"{self._label_text} {done:,}" if done else self._label_text)

    def finished(self) -> None:
        self.hide()

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText("Cancelling…")
        self.cancelRequested.emit()
