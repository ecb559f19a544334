"""The article's heading, pinned above the detail pane's tabs: title, provider · date, Published.

It only shows; the form fills it and owns what its Published toggle writes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget


class ArticleHeading(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleHeading")
        self.setStyleSheet("#articleHeading { border-bottom: 1px solid palette(midlight); }")
        # The heading shows the whole title, wrapped; the form's line edit edits it.
        self.title_label = QLabel(self)
        self.title_label.setObjectName("titleHeading")
        self.title_label.setWordWrap(True)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title_label.setFont(font)
        self.meta_label = QLabel(self)
        self.meta_label.setObjectName("articleMeta")
        self.meta_label.setWordWrap(True)
        self.meta_label.setStyleSheet("color: palette(placeholder-text);")
        self.published_check = QCheckBox("Published", self)
        self.published_check.setObjectName("publishedCheck")
        # A click decides at once and leaves the keyboard focus where it was (the list).
        self.published_check.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.published_check.setToolTip(
            "Publish or unpublish this article (P / U in the list, Ctrl+P / Ctrl+U anywhere)"
        )
        self.published_check.setStyleSheet(
            "QCheckBox#publishedCheck { font-weight: bold; color: palette(placeholder-text); }"
            "QCheckBox#publishedCheck:checked { color: #1e7b34; }"
        )

        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.title_label)
        text.addWidget(self.meta_label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 10)
        layout.setSpacing(12)
        layout.addLayout(text, 1)
        layout.addWidget(self.published_check, 0, Qt.AlignmentFlag.AlignTop)

    def set_title(self, title: str) -> None:
        self.title_label.setText(title or "(untitled)")
