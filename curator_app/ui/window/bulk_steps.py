"""Bulk steps (publish or unpublish many rows, and the undo and redo of such a step) run
as a task, off the GUI thread, one at a time, with a progress bar and Cancel in the
status bar.

While one runs, the list stays scrollable and selectable and other rows can still be
decided; the rows being written cannot (an edit would race the step for the same file),
nor can another bulk step start, nor undo or redo (the stack is not where the running
step will leave it). A cancelled step stops after the files being written: a new step
or a redo becomes one undoable step of exactly what was written, an undo keeps on the
stack what it had not set back yet.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

from curator_app.core.editing import ArticleEditor
from curator_app.ui.editing.bulk import BulkOutcome, BulkTask, Part, revert_files, write_files
from curator_app.ui.editing.undo import BulkPublishCommand, articles
from curator_app.ui.tasks import TaskHandle
from curator_app.ui.window.task_progress import TaskProgress

if TYPE_CHECKING:
    from curator_app.ui.window.main_window import MainWindow

_BULK = "bulk-step"  # the task key: one bulk step at a time
Finish = Callable[[BulkPublishCommand, BulkOutcome], None]


class BulkSteps(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window  # its runner, session, undo stack, actions and status bar
        self.progress = TaskProgress(window, "bulkProgress")
        window.statusBar().addPermanentWidget(self.progress)
        self.progress.cancelRequested.connect(self.cancel)
        self._handle: TaskHandle | None = None
        self._paths: frozenset[Path] = frozenset()  # the files the running step writes
        self._new_step = False  # the running step is a new one (not an undo or redo)
        self._running = False
        # Queued: after the actions' own handlers, which would enable them again.
        queued = Qt.ConnectionType.QueuedConnection
        window.undo_stack.canUndoChanged.connect(self._keep_undo_locked, queued)
        window.undo_stack.canRedoChanged.connect(self._keep_undo_locked, queued)

    @property
    def busy(self) -> bool:
        return self._running

    def blocks(self, path: Path) -> bool:
        """Whether a write of ``path`` must wait: the running step may still write it, or
        the step is an undo or redo (a new step pushed now would take its place on the
        stack, and the undo would then undo that one)."""
        return path in self._paths or (self.busy and not self._new_step)

    # -- starting -------------------------------------------------------------------

    def publish(self, command: BulkPublishCommand) -> None:
        """Write a new step; it goes on the undo stack once it is over."""
        jobs = command.write_jobs()
        editor = self._editor()
        self._start(
            command,
            "Publishing" if command.flag else "Unpublishing",
            [job.path for job in jobs],
            lambda task: write_files(task, editor, jobs, command.flag),
            self._published,
        )

    def undo(self, command: BulkPublishCommand) -> None:
        changes = command.revert_items()
        editor = self._editor()
        self._start(
            command,
            "Undoing",
            [change.entry.path for change in changes],
            lambda task: revert_files(task, editor, changes),
            self._undone,
        )

    def redo(self, command: BulkPublishCommand) -> None:
        jobs = command.write_jobs()
        editor = self._editor()
        self._start(
            command,
            "Redoing",
            [job.path for job in jobs],
            lambda task: write_files(task, editor, jobs, command.flag),
            self._redone,
        )

    def cancel(self) -> None:
        """Stop after the files being written; what was written is kept (and undoable)."""
        if self._handle is not None:
            self._handle.cancel()

    def stop(self) -> None:
        """Stop and forget the running step: the files it wrote stay as written, the
        files being written finish on their threads, nothing more reaches the window."""
        if self._handle is not None:
            self._handle.abandon()
        self._end()

    def _editor(self) -> ArticleEditor:
        assert self._window.session is not None
        return self._window.session.editor

    def _start(
        self,
        command: BulkPublishCommand,
        label: str,
        paths: list[Path],
        work: Callable[[BulkTask], BulkOutcome],
        finish: Finish,
    ) -> None:
        self._paths = frozenset(paths)
        self._running = True
        self._new_step = finish == self._published  # an undo or redo blocks every edit
        self.progress.start(label, len(paths))
        self._keep_undo_locked()
        self._window.live.watcher.hold(True)  # our own writes: it looks once we are done

        def done(outcome: BulkOutcome) -> None:
            self._end()
            command.settle(outcome)
            finish(command, outcome)
            self._step_over(paths)

        def take(part: Part) -> None:
            command.take_part(part)
            self.progress.set_progress(part.done)
            for entry in part.entries:  # the pane's checkbox now, its re-read at the end
                self._window.detail.show_published(entry)

        handle = self._window.runner.start(work, done, self._failed, key=_BULK, on_part=take)
        if self.busy:  # an inline runner has finished already
            self._handle = handle

    def _end(self) -> None:
        self._handle = None
        self._running = False
        self._paths = frozenset()
        self.progress.finished()
        self._keep_undo_locked()
        self._window.live.watcher.hold(False)

    def _step_over(self, paths: list[Path]) -> None:
        session, current = self._window.session, self._window.current_entry()
        if session is not None:
            session.step_over(paths, current.path if current is not None else None)

    def _failed(self, error: BaseException) -> None:
        self._end()
        self._window.report(f"The bulk step stopped: {type(error).__name__}: {error}")

    def _keep_undo_locked(self, _can: bool = False) -> None:
        actions, stack = self._window.window_actions, self._window.undo_stack
        actions.undo.setEnabled(stack.canUndo() and not self.busy)
        actions.redo.setEnabled(stack.canRedo() and not self.busy)

    # -- finishing ------------------------------------------------------------------

    def _say(self, message: str) -> None:
        self._window.statusBar().showMessage(message, 8000)

    def _published(self, command: BulkPublishCommand, outcome: BulkOutcome) -> None:
        self._window.undo_stack.push(command)  # records it; a step that wrote nothing goes
        written = len(outcome.done)
        if outcome.cancelled:
            verb = "Published" if command.flag else "Unpublished"
            undo = " Ctrl+Z undoes it." if written else ""
            self._say(f"{verb} {written:,} of {articles(outcome.total)} — cancelled.{undo}")
        elif written:
            self._say(f"{command.summary()} — saved{_notes(outcome)}. Ctrl+Z undoes it.")
        elif not outcome.failures:
            self._say(command.summary())  # nothing to change

    def _undone(self, command: BulkPublishCommand, outcome: BulkOutcome) -> None:
        left = command.written - len(outcome.done) - len(outcome.failures)
        if outcome.cancelled and left > 0:
            command.keep_unreverted(outcome)  # still on the stack, with what is left
            stack = self._window.undo_stack
            stack.undoTextChanged.emit(stack.undoText())
            self._say(
                f"Undo cancelled: set back {len(outcome.done):,} of {articles(outcome.total)};"
                f" Ctrl+Z undoes the other {left:,}."
            )
            self._window.review.select_paths([change.entry.path for change in outcome.done])
            return
        text = command.text()
        self._window.undo_stack.undo()
        self._say(f"Undid: {text}{_notes(outcome)}")
        self._window.review.select_paths(command.paths())

    def _redone(self, command: BulkPublishCommand, outcome: BulkOutcome) -> None:
        self._window.undo_stack.redo()
        if outcome.cancelled:
            self._say(f"Redid {len(outcome.done):,} of {articles(outcome.total)} — cancelled.")
        else:
            self._say(f"Redid: {command.text()}{_notes(outcome)}")
        self._window.review.select_paths(command.paths())


def _notes(outcome: BulkOutcome) -> str:
    notes = []
    if outcome.rebased:  # another program had changed the files: say so
        files = "the file" if outcome.rebased == 1 else f"{outcome.rebased:,} files"
        notes.append(f"{files} had changed on disk; the edit was applied to the new version")
    if outcome.failures:
        notes.append(f"{articles(len(outcome.failures))} could not be written")
    return f" ({'; '.join(notes)})" if notes else ""
