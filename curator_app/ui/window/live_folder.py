"""Applies what the folder watcher reports to the list and the detail pane.

A changed file's row is updated in place (the selection stays; no reset, no flicker), a
new file is appended, a gone file's row removed. When the file shown in the detail pane
changed, the pane shows it again, unless a field of it is being edited: then the pane
says so and offers Reload or Keep editing (the edit, when committed, goes through the
save transaction and lands on the new file while its key is unchanged there).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
)

from curator_app.core.entry import ArticleEntry
from curator_app.ui.detail.disk_change_bar import DiskChangeBar
from curator_app.ui.detail.pane import DetailPane
from curator_app.ui.list.article_model import ArticleTableModel
from curator_app.ui.window.folder_watcher import FolderWatcher

_EDITORS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox)


class LiveFolder(QObject):
    def __init__(
        self,
        watcher: FolderWatcher,
        model: ArticleTableModel,
        detail: DetailPane,
        show_current: Callable[[], None],
    ) -> None:
        super().__init__(detail)
        self.watcher = watcher
        self._model = model
        self._detail = detail
        self._show_current = show_current
        self.bar = DiskChangeBar(detail)
        layout = detail.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(0, self.bar)
        self.bar.reloadRequested.connect(show_current)
        watcher.entriesChanged.connect(self.apply_changes)
        watcher.pathsRemoved.connect(self.apply_removals)

    def apply_changes(self, entries: list[ArticleEntry]) -> None:
        fresh: list[ArticleEntry] = []
        changed: set[Path] = set()
        for entry in entries:
            listed = self._model.entry_for(entry.path)
            if listed is None:
                fresh.append(entry)
            elif (listed.size, listed.mtime_ns, listed.error) != (
                entry.size,
                entry.mtime_ns,
                entry.error,
            ):  # not the write Curator itself just made and already shows
                self._model.update_entry(entry)
                changed.add(entry.path)
        if fresh:
            self._model.append_entries(fresh)
        shown = self._detail.entry
        if shown is not None and shown.path in changed:
            self.refresh_detail()

    def apply_removals(self, paths: list[Path]) -> None:
        self._model.remove_entries(paths)

    def refresh_detail(self) -> None:
        """Show the current file again, or, while one of its fields is being edited, say
        that it changed and let the editor choose."""
        shown = self._detail.entry
        if shown is not None and self.editing():
            self.bar.show_for(shown.path.name)
            return
        self.bar.hide()
        self._show_current()

    def editing(self) -> bool:
        focus = QApplication.focusWidget()
        return (
            focus is not None
            and isinstance(focus, _EDITORS)
            and self._detail.form.isAncestorOf(focus)
        )
