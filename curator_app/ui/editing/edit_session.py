"""The undo commands' view of the window: the edit service, the rows and errors.

Bulk steps are written off the GUI thread (``window.bulk_steps``, which also shows their
progress); their parts reach the model here in one update each.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from curator_app.core.editing import ArticleEditor
from curator_app.core.entry import ArticleEntry
from curator_app.core.errors import CuratorError
from curator_app.ui.list.article_model import ArticleTableModel
from curator_app.ui.tasks import TaskRunner


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
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._editor = editor
        self._model = model
        self._runner = runner
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

    def written_all(self, entries: Sequence[ArticleEntry]) -> None:
        """A part of a bulk step: the rows update at once; ``entryWritten`` (the detail
        pane reads and lays out its article again) is left to ``step_over``."""
        self._model.update_entries(entries)
        for entry in entries:
            self.entrySaved.emit(entry.path)

    def step_over(self, paths: Iterable[Path], current: Path | None) -> None:
        """A bulk step is over: announce the current article if the step wrote it (else
        one of its files), as one write, now that no writer competes with the repaint."""
        shown = set(paths)
        path = current if current in shown else next(iter(shown), None)
        entry = self._model.entry_for(path) if path is not None else None
        if entry is not None:
            self.entryWritten.emit(entry)

    def failed(self, path: Path, error: CuratorError) -> None:
        """Report, then show what is really on disk now (read off the GUI thread)."""
        self.failures += 1
        self.writeFailed.emit(path, error)
        editor = self._editor
        self._runner.run(lambda: editor.read_entry(path), self._reread)

    def _reread(self, entry: ArticleEntry) -> None:
        self._model.update_entry(entry)
        self.entryWritten.emit(entry)
