"""Feeds the detail pane: reads the current article's document off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject

from curator_app.core.editing import ArticleEditor
from curator_app.core.entry import ArticleEntry
from curator_app.core.errors import CuratorError
from curator_app.ui.detail.pane import DetailPane
from curator_app.ui.tasks import TaskRunner


class DetailPresenter(QObject):
    """Shows one entry at a time; a document read for an older selection is dropped.

    Every read is a task of one key: a newer selection supersedes the older read.
    """

    def __init__(self, pane: DetailPane, runner: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self._pane = pane
        self._runner = runner
        self._key = ("detail document", id(self))

    def show(self, entry: ArticleEntry | None, editor: ArticleEditor | None) -> None:
        if entry is None:
            self.clear()
            return
        if not entry.ok or editor is None:
            self._runner.cancel(self._key)
            self._pane.show_article(entry, None)
            if editor is not None:
                self._show_source(entry, editor)
            return

        def unreadable(error: BaseException) -> None:
            reason = error.reason if isinstance(error, CuratorError) else str(error)
            broken = entry.replace(error=reason, error_line=getattr(error, "line", None))
            self._pane.show_article(broken, None)
            self._show_source(broken, editor)

        self._runner.start(
            lambda _task: editor.read_document(entry.path),
            lambda document: self._pane.show_article(entry, document),
            unreadable,
            key=self._key,
        )

    def _show_source(self, entry: ArticleEntry, editor: ArticleEditor) -> None:
        """Read the broken file's text off the GUI thread and show it under the error."""
        self._runner.start(
            lambda _task: editor.read_text(entry.path),
            lambda text: self._pane.show_source(text, entry.error_line),
            lambda _error: None,
            key=self._key,
        )

    def clear(self) -> None:
        self._runner.cancel(self._key)
        self._pane.clear()
