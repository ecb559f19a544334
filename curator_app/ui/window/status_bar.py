"""The status bar's permanent parts: list counts, and the folder scan's progress with Cancel."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget


class LoadProgress(QWidget):
    """ "Reading files… 1,234" with a busy bar and a Cancel button; hidden when idle."""

    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loadProgress")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.setSpacing(6)
        self._label = QLabel(self)
        self._bar = QProgressBar(self)
        self._bar.setRange(0, 0)  # the number of files is not known ahead: a busy bar
        self._bar.setFixedWidth(120)
        self._bar.setMaximumHeight(14)
        self._bar.setTextVisible(False)
        self._cancel = QToolButton(self)
        self._cancel.setObjectName("cancelLoadButton")
        self._cancel.setText("Cancel")
        self._cancel.setAutoRaise(True)
        self._cancel.clicked.connect(self.cancelRequested)
        layout.addWidget(self._label)
        layout.addWidget(self._bar)
        layout.addWidget(self._cancel)
        self.hide()

    def start(self) -> None:
        self._label.setText("Reading files…")
        self.show()

    def set_count(self, count: int) -> None:
        self._label.setText(f"Reading files… {count:,}")

    def stop(self) -> None:
        self.hide()


class CountsLabel(QLabel):
    """ "12 shown · 40 total · 9 published · 2 unreadable · 3 selected"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("countsLabel")
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setContentsMargins(6, 0, 6, 0)
        self.set_counts(0, 0, 0, 0)

    def set_counts(
        self, shown: int, total: int, published: int, errors: int, selected: int = 0
    ) -> None:
        parts = [f"{shown:,} shown", f"{total:,} total", f"{published:,} published"]
        if errors:
            parts.append(f"{errors:,} unreadable")
        if selected > 1:  # one selected row is just the current article
            parts.append(f"{selected:,} selected")
        self.setText("  ·  ".join(parts))
