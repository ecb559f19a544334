"""Feeds the detail pane: reads the current article's document off the GUI thread."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject

from curator_app.core.document import ArticleDocument
from curator_app.core.editing import ArticleEditor
from curator_app.core.entry import ArticleEntry
from curator_app.core.errors import CuratorError
from curator_app.ui.detail_pane import DetailPane
from curator_app.ui.tasks import TaskRunner


class DetailPresenter(QObject):
    """Shows one entry at a time; a document read for an older selection is dropped."""

    def __init__(self, pane: DetailPane, runner: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self._pane = pane
        self._runner = runner
        self._token = 0

    def show(self, entry: ArticleEntry | None, editor: ArticleEditor | None) -> None:
        self._token += 1
        if entry is None:
            self._pane.clear()
            return
        if not entry.ok or editor is None:
            self._pane.show_article(entry, None)
            return
        token = self._token

        def shown(document: ArticleDocument) -> None:
            if token == self._token:
                self._pane.show_article(entry, document)

        def unreadable(error: BaseException) -> None:
            if token == self._token:
                reason = error.reason if isinstance(error, CuratorError) else str(error)
                self._pane.show_article(replace(entry, error=reason), None)

        self._runner.run(lambda: editor.read_document(entry.path), shown, unreadable)

    def clear(self) -> None:
        self._token += 1
        self._pane.clear()
