"""The detail and editing pane: everything about one article, and its typed editors."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from curator_app.core.document import ArticleDocument
from curator_app.core.entry import ArticleEntry
from curator_app.ui.thumbnails import ThumbnailLoader


class DetailPane(QWidget):
    """Shows one article; emits validated edits as (key, new value)."""

    editRequested = Signal(str, object)
    openExternallyRequested = Signal(object)

    def __init__(self, thumbnails: ThumbnailLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPane")
        self._thumbnails = thumbnails

    def set_choices(self, types: list[str], categories: list[str]) -> None:
        """The type and category values present in the folder, offered by the combos."""

    def show_article(self, entry: ArticleEntry, document: ArticleDocument | None) -> None:
        """Show an article; with no document, show ``entry.error`` prominently."""

    def clear(self) -> None:
        """Show nothing (no selection)."""
