"""The undo commands' view of the window: the edit service, the rows, progress and errors.

Bulk writes stay on the GUI thread: the undo stack runs a command's ``redo`` inside
``push`` and the window reads its outcome right after, and every write updates the
model. Their progress goes through the task helper's throttle to a modal dialog,
whose updates keep the window painting.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from curator_app.core.editing import ArticleEditor
from curator_app.core.entry import ArticleEntry
from curator_app.core.errors import CuratorError
from curator_app.ui.list.article_model import ArticleTableModel
from curator_app.ui.tasks import TaskRunner, throttled

# Bulk writes of fewer files finish too fast for a progress dialog to help.
PROGRESS_DIALOG_MIN_FILES = 20
PROGRESS_DIALOG_DELAY_MS = 400


class EditSession(QObject):
    """Implements ``undo.EditContext`` for one folder."""

    entryWritten = Signal(object)  # ArticleEntry now on disk
    entrySaved = Signal(object)  # Path: a write of it succeeded
    writeFailed = Signal(object, object)  # (Path, CuratorError)

    def __init__(
        self,
        editor: ArticleEditor,
        model: ArticleTableModel,
        runner: TaskRunner,
        dialog_parent: QWidget | None = None,
    ) -> None:
        super().__init__(dialog_parent)
        self._editor = editor
        self._model = model
        self._runner = runner
        self._dialog_parent = dialog_parent
        self._dialog: QProgressDialog | None = None
        self._report: Callable[[int, int], None] | None = None  # one bulk write's progress
        self.failures = 0  # grows with every refused write: callers compare before/after

    @property
    def editor(self) -> ArticleEditor:
        return self._editor

    def current_entry(self, path: Path) -> ArticleEntry | None:
        return self._model.entry_for(path)

    def written(self, entry: ArticleEntry) -> None:
        self._model.update_entry(entry)
        self.entryWritten.emit(entry)
        self.entrySaved.emit(entry.path)

    def failed(self, path: Path, error: CuratorError) -> None:
        """Report, then show what is really on disk now (read off the GUI thread)."""
        self.failures += 1
        self.writeFailed.emit(path, error)
        editor = self._editor
        self._runner.run(lambda: editor.read_entry(path), self._reread)

    def _reread(self, entry: ArticleEntry) -> None:
        self._model.update_entry(entry)
        self.entryWritten.emit(entry)

    def progress(self, done: int, total: int) -> None:
        if total < PROGRESS_DIALOG_MIN_FILES:
            return
        if self._report is None:
            self._report = throttled(self._show_progress)
        self._report(done, total)
        if done >= total:
            self._report = None

    def _show_progress(self, done: int, total: int) -> None:
        if self._dialog is None:
            dialog = QProgressDialog("Writing files…", "", 0, total, self._dialog_parent)
            dialog.setObjectName("bulkProgress")
            dialog.setWindowTitle("Curator")
            dialog.setCancelButton(None)  # a half-done bulk flip is rolled back, never left
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(PROGRESS_DIALOG_DELAY_MS)
            self._dialog = dialog
        self._dialog.setMaximum(total)
        self._dialog.setLabelText(f"Writing files… {done:,} of {total:,}")
        self._dialog.setValue(done)  # a modal dialog keeps the window painting here
        if done >= total:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
