"""Undoable writes: every change to a file is one of these commands on the window's stack.

A command writes through the edit service and hands the new entry to its context,
which updates the model. A write that fails is reported through the context, leaves
the file as it was and marks the command obsolete so the stack drops it.

``summary()`` says what a command did and ``paths()`` which files it changed; both are
plain Python, so they can still be read after the stack deleted an obsolete command.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand

from curator_app.core.editing import UNSEEN, ArticleEditor, Change
from curator_app.core.entry import ArticleEntry
from curator_app.core.errors import CuratorError
from curator_app.ui.editing.bulk import (
    BulkOutcome,
    InlineTask,
    Part,
    WriteJob,
    revert_files,
    write_files,
)

PUBLISHED = "published"


class EditContext(Protocol):
    """What a command needs from the window: the service, the rows, a place to report."""

    @property
    def editor(self) -> ArticleEditor: ...

    def current_entry(self, path: Path) -> ArticleEntry | None:
        """The entry the list shows for ``path``: the version the user decided on."""

    def written(self, entry: ArticleEntry) -> None:
        """A write succeeded: show ``entry``."""

    def written_all(self, entries: Sequence[ArticleEntry]) -> None:
        """Part of a bulk step is on disk: show ``entries`` (one model update)."""

    def failed(self, path: Path, error: CuratorError) -> None:
        """A write was refused: report it and show what is on disk."""


def articles(count: int) -> str:
    return f"{count:,} article" if count == 1 else f"{count:,} articles"


def short_title(entry: ArticleEntry, limit: int = 40) -> str:
    title = entry.title or entry.path.name
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def _field_text(key: str, value: Any, entry: ArticleEntry) -> str:
    if key == PUBLISHED:
        verb = "Publish" if value else "Unpublish"
        return f"{verb} “{short_title(entry)}”"
    return f"Edit {key} of “{short_title(entry)}”"


class SetFieldCommand(QUndoCommand):
    """Set one key of one file; undo writes the old value back or removes an added key."""

    def __init__(
        self,
        context: EditContext,
        entry: ArticleEntry,
        key: str,
        value: Any,
        seen: Any = UNSEEN,
    ) -> None:
        self._text = _field_text(key, value, entry)
        super().__init__(self._text)
        self._context = context
        self._path = entry.path
        self._key = key
        self._value = value
        self._seen = seen  # what the editor saw of the key when deciding
        self._change: Change | None = None
        self.error: CuratorError | None = None
        self.rebased = 0  # 1 when the file had changed on disk and the edit applied anyway

    def redo(self) -> None:
        context = self._context
        try:
            change = context.editor.change(
                self._path,
                self._key,
                self._value,
                context.current_entry(self._path),
                self._seen,  # after an undo the key holds this again
            )
        except CuratorError as error:
            self._fail(error)
            return
        self._change = change
        self.rebased = int(change.rebased)
        if not change.written:
            self.setObsolete(True)  # the file already said so: no step to undo
        context.written(change.entry)

    def summary(self) -> str:
        return self._text

    def paths(self) -> list[Path]:
        return [self._path]

    def undo(self) -> None:
        change = self._change
        if change is None or not change.written:
            return
        context = self._context
        try:
            entry = context.editor.revert(change, self._key)
        except CuratorError as error:
            self._fail(error)
            return
        context.written(entry)

    def _fail(self, error: CuratorError) -> None:
        self.error = error
        self.setObsolete(True)
        self._context.failed(self._path, error)


class BulkPublishCommand(QUndoCommand):
    """Publish or unpublish many files as one step: the step is what was really written.

    The window writes the files in a task before the stack calls ``redo`` or ``undo``:
    ``write_jobs`` / ``revert_items`` plan on the GUI thread, ``bulk.write_files`` /
    ``revert_files`` run off it, ``take_part`` shows each part, and ``settle`` hands the
    outcome over; ``redo``/``undo`` then only record it. Called without a settled
    outcome (a stack used directly) they do the same work inline.

    A file that fails is reported and the others are still written; a cancelled run
    keeps what it wrote. Its text counts the files written, not the rows it was given:
    files that already said so are left alone and counted as ``unchanged``.
    """

    def __init__(self, context: EditContext, entries: Sequence[ArticleEntry], flag: bool) -> None:
        self._verb = "Publish" if flag else "Unpublish"
        super().__init__(f"{self._verb} {articles(len(entries))}")
        self._context = context
        self._paths = [entry.path for entry in entries]
        self._seen = {entry.path: entry.published for entry in entries}
        self.flag = flag
        self._changes: list[Change] = []
        self._settled: BulkOutcome | None = None
        self._taken = 0  # parts of the running step already shown
        self.error: CuratorError | None = None
        self.rebased = 0  # files that had changed on disk and were written anyway
        self.unchanged = 0  # files that already held the value: not written
        self.asked = len(entries)  # rows the last run was given

    def summary(self) -> str:
        """What the last redo did, e.g. "Published 103 articles (34 were already published)"."""
        state = "published" if self.flag else "unpublished"
        if not self._changes:
            if not self.unchanged:
                return "Nothing was written."
            return f"Nothing was written: the {articles(self.unchanged)} were already {state}."
        done = f"{self._verb}ed {articles(len(self._changes))}"
        if self.unchanged:
            were = "was" if self.unchanged == 1 else "were"
            done += f" ({self.unchanged:,} {were} already {state})"
        return done

    @property
    def written(self) -> int:
        """How many files the step holds (written by its last redo, not yet set back)."""
        return len(self._changes)

    def paths(self) -> list[Path]:
        """The files the step changes."""
        return [change.entry.path for change in self._changes] or list(self._paths)

    # -- the work, run by the window's task or inline ---------------------------------

    def write_jobs(self) -> list[WriteJob]:
        """The files a redo writes, with the rows as the list shows them now."""
        self._taken = 0
        current = self._context.current_entry
        return [WriteJob(path, current(path), self._seen[path]) for path in self._paths]

    def revert_items(self) -> list[Change]:
        """The changes an undo sets back, last first."""
        self._taken = 0
        return list(reversed(self._changes))

    def take_part(self, part: Part) -> None:
        """Show a part of the running step, once, whichever way it arrives."""
        if part.number <= self._taken:
            return
        self._taken = part.number
        self._context.written_all(part.entries)
        for path, error in part.failures:
            self.error = self.error or error
            self._context.failed(path, error)

    def settle(self, outcome: BulkOutcome) -> None:
        """The task's outcome: shown now, recorded by the next ``redo`` or ``undo``."""
        for part in outcome.parts:
            self.take_part(part)
        self._settled = outcome

    def keep_unreverted(self, outcome: BulkOutcome) -> None:
        """An undo stopped part-way: the step now holds the files still written."""
        reverted = {id(change) for change in outcome.done}
        self._changes = [change for change in self._changes if id(change) not in reverted]
        self._paths = [change.entry.path for change in self._changes]
        self.setText(f"{self._verb} {articles(len(self._changes))}")

    # -- QUndoCommand ----------------------------------------------------------------

    def redo(self) -> None:
        outcome = self._settled or self._inline(
            lambda task: write_files(task, self._context.editor, self.write_jobs(), self.flag)
        )
        self._settled = None
        self.asked = outcome.total
        self._changes = list(outcome.done)
        self._paths = [change.entry.path for change in self._changes]  # a redo redoes these
        self.unchanged, self.rebased = outcome.unchanged, outcome.rebased
        self.setText(f"{self._verb} {articles(len(self._changes))}")
        if not self._changes:
            self.setObsolete(True)

    def undo(self) -> None:
        # A file that could not be set back was reported; a redo writes them all again.
        if self._settled is None:
            self._inline(lambda task: revert_files(task, self._context.editor, self.revert_items()))
        self._settled = None

    def _inline(self, run: Callable[[InlineTask], BulkOutcome]) -> BulkOutcome:
        outcome = run(InlineTask(self.take_part))
        self.settle(outcome)
        return outcome
