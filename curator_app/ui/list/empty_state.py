"""What the list area says when the filters leave no row: why, and a way back."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from curator_app.ui.list.article_filter import ArticleFilter, StateFilter

_STATE_WORDS = {
    StateFilter.PUBLISHED: "Published only",
    StateFilter.UNPUBLISHED: "Unpublished only",
    StateFilter.ERRORS: "unreadable files only",
}


def empty_message(article_filter: ArticleFilter) -> str:
    """``No article matches “zurich” with Published only`` — the filter in words."""
    conditions = []
    if article_filter.state in _STATE_WORDS:
        conditions.append(_STATE_WORDS[article_filter.state])
    if article_filter.provider:
        conditions.append(f"provider {article_filter.provider}")
    if article_filter.topic:
        conditions.append(f"topic {article_filter.topic}")
    if article_filter.min_quality is not None:
        conditions.append(f"quality ≥ {article_filter.min_quality:,}")
    search = article_filter.search.strip()
    text = f"No article matches “{search}”" if search else "No article"
    if conditions:
        listed = ", ".join(conditions[:-1])
        listed = f"{listed} and {conditions[-1]}" if listed else conditions[-1]
        text = f"{text} with {listed}"
    return text


class EmptyState(QWidget):
    """A message and a Clear filters button, laid over the list's empty rows."""

    clearRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.label = QLabel(self)
        self.label.setObjectName("emptyStateLabel")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        font = self.label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.label.setFont(font)
        self.button = QPushButton("Clear filters", self)
        self.button.setObjectName("clearFiltersButton")
        self.button.clicked.connect(self.clearRequested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(12)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.hide()

    def show_for(self, article_filter: ArticleFilter) -> None:
        self.label.setText(empty_message(article_filter))
        self.show()
        self.raise_()
