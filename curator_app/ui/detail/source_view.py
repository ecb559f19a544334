"""A read-only view of a file's text with one line marked: where a broken file breaks."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFontDatabase, QTextCursor, QTextFormat
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

_MARK = QColor("#fbd5d0")


class SourceView(QPlainTextEdit):
    """The file as written; ``marked_line`` is highlighted and scrolled into view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorSource")
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.document().setDocumentMargin(8)
        self.marked_line: int | None = None

    def show_text(self, text: str, line: int | None) -> None:
        self.setPlainText(text)
        self.setVisible(bool(text))
        block = self.document().findBlockByNumber(line - 1) if line else None
        if block is None or not block.isValid():
            self.marked_line = None
            self.setExtraSelections([])
            return
        self.marked_line = line
        mark = QTextEdit.ExtraSelection()
        mark.format.setBackground(_MARK)
        mark.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        mark.cursor = QTextCursor(block)
        self.setExtraSelections([mark])
        self.setTextCursor(QTextCursor(block))
        self.centerCursor()
