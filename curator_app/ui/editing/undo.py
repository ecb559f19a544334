"""Undoable writes: every change to a file is one of these commands on the window's stack.

A command writes through the edit service and hands the new entry to its context,
which updates the model. A write that fails is reported through the context, leaves
the file as it was and marks the command obsolete so the stack drops it.

``summary()`` says what a command did and ``paths()`` which files it changed; both are
plain Python, so they can still be read after the stack deleted an obsolete command.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand

from curator_app.core.editing import UNSEEN, ArticleEditor, Change
from curator_app.core.entry import ArticleEntry
from curator_app.core.errors import CuratorError

PUBLISHED = "published"


class EditContext(Protocol):
    """What a command needs from the window: the service, the rows, a place to report."""

    @property
    def editor(self) -> ArticleEditor: ...

    def current_entry(self, path: Path) -> ArticleEntry | None:
        """The entry the list shows for ``path``: the version the user decided on."""

    def written(self, entry: ArticleEntry) -> None:
        """A write succeeded: show ``entry``."""

    def failed(self, path: Path, error: CuratorError) -> None:
        """A write was refused: report it and show what is on disk."""

    def progress(self, done: int, total: int) -> None:
        """A bulk write advanced (the window may show a progress dialog)."""


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
    """Publish or unpublish many files as one step; all of them or none are changed.

    Its text counts the files it wrote, not the rows it was given: files that already
    said so are left alone and counted as ``unchanged``.
    """

    def __init__(self, context: EditContext, entries: Sequence[ArticleEntry], flag: bool) -> None:
        self._verb = "Publish" if flag else "Unpublish"
        super().__init__(f"{self._verb} {articles(len(entries))}")
        self._context = context
        self._paths = [entry.path for entry in entries]
        self._seen = {entry.path: entry.published for entry in entries}
        self._flag = flag
        self._changes: list[Change] = []
        self._written: list[Path] = []
        self.error: CuratorError | None = None
        self.rebased = 0  # files that had changed on disk and were written anyway
        self.unchanged = 0  # files that already held the value: not written

    def summary(self) -> str:
        """What the last redo did, e.g. "Published 103 articles (34 were already published)"."""
        state = "published" if self._flag else "unpublished"
        if not self._written:
            return f"Nothing was written: the {articles(self.unchanged)} were already {state}."
        done = f"{self._verb}ed {articles(len(self._written))}"
        if self.unchanged:
            were = "was" if self.unchanged == 1 else "were"
            done += f" ({self.unchanged:,} {were} already {state})"
        return done

    def paths(self) -> list[Path]:
        """The files the command changed."""
        return list(self._written)

    def redo(self) -> None:
        context = self._context
        total = len(self._paths)
        done: list[Change] = []
        self.rebased = 0
        for number, path in enumerate(self._paths, start=1):
            try:
                change = context.editor.change(
                    path, PUBLISHED, self._flag, context.current_entry(path), self._seen[path]
                )
            except CuratorError as error:
                self._roll_back(done)
                self._fail(path, error)
                return
            if change.written:
                self.rebased += change.rebased
                done.append(change)
                context.written(change.entry)
            context.progress(number, total)
        self._changes = done
        self._written = [change.entry.path for change in done]
        self.unchanged = total - len(done)
        self.setText(f"{self._verb} {articles(len(done))}")
        if not done:
            self.setObsolete(True)

    def undo(self) -> None:
        self._roll_back(self._changes)

    def _roll_back(self, changes: list[Change]) -> None:
        """Revert ``changes`` last first; a file that cannot be reverted is reported."""
        context = self._context
        total = len(changes)
        for number, change in enumerate(reversed(changes), start=1):
            path = change.entry.path
            try:
                entry = context.editor.revert(change, PUBLISHED)
            except CuratorError as error:
                self._fail(path, error)
                continue
            context.written(entry)
            context.progress(number, total)

    def _fail(self, path: Path, error: CuratorError) -> None:
        self.error = self.error or error
        self.setObsolete(True)
        self._context.failed(path, error)
