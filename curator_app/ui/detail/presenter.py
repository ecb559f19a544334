"""Feeds the detail pane: reads the current article's document off the GUI thread."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject

from curator_app.core.document import ArticleDocument
from curator_app.core.editing import ArticleEditor
from curator_app.core.entry import ArticleEntry
from curator_app.core.errors import CuratorError
from curator_app.ui.detail.pane import DetailPane
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
        token = self._token
        if not entry.ok or editor is None:
            self._pane.show_article(entry, None)
            if editor is not None:
                self._show_source(entry, editor, token)
            return

        def shown(document: ArticleDocument) -> None:
            if token == self._token:
                self._pane.show_article(entry, document)

        def unreadable(error: BaseException) -> None:
            if token == self._token:
                reason = error.reason if isinstance(error, CuratorError) else str(error)
                broken = replace(entry, error=reason, error_line=getattr(error, "line", None))
                self._pane.show_article(broken, None)
                self._show_source(broken, editor, token)

        self._runner.run(lambda: editor.read_document(entry.path), shown, unreadable)

    def _show_source(self, entry: ArticleEntry, editor: ArticleEditor, token: int) -> None:
        """Read the broken file's text off the GUI thread and show it under the error."""

        def shown(text: str) -> None:
            if token == self._token:
                self._pane.show_source(text, entry.error_line)

        self._runner.run(lambda: editor.read_text(entry.path), shown, lambda _error: None)

    def clear(self) -> None:
        self._token += 1
        self._pane.clear()
