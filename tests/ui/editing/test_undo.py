"""Every undo command: redo → undo → redo against real files, through a recording context."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QUndoStack

from curator_app.core.editing import ArticleEditor
from curator_app.core.entry import ArticleEntry
from curator_app.core.errors import CuratorError
from curator_app.core.library import read_entry, scan_folder
from curator_app.ui.editing.undo import BulkPublishCommand, SetFieldCommand


class RecordingContext:
    """Plays the window: keeps the entries it was told about, records failures."""

    def __init__(self, folder: Path) -> None:
        self.editor = ArticleEditor(folder)
        self.entries = {entry.path: entry for entry in scan_folder(folder)}
        self.failures: list[tuple[Path, CuratorError]] = []
        self.batches: list[int] = []  # entries per model update of a bulk step

    def current_entry(self, path: Path) -> ArticleEntry | None:
        return self.entries.get(path)

    def written(self, entry: ArticleEntry) -> None:
        self.entries[entry.path] = entry

    def written_all(self, entries: Sequence[ArticleEntry]) -> None:
        self.batches.append(len(entries))
        for entry in entries:
            self.written(entry)

    def failed(self, path: Path, error: CuratorError) -> None:
        self.failures.append((path, error))
        self.entries[path] = read_entry(path, self.editor.folder)


@pytest.fixture
def context(article_folder: Path) -> RecordingContext:
    return RecordingContext(article_folder)


@pytest.fixture
def stack(qapp: Any) -> QUndoStack:
    return QUndoStack()


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(folder.rglob("*.*"))}


def test_set_field_redo_undo_redo(
    stack: QUndoStack, context: RecordingContext, article_folder: Path
) -> None:
    path = article_folder / "001_alpha.txt"
    original = path.read_bytes()
    stack.push(SetFieldCommand(context, context.entries[path], "published", True))
    published = path.read_bytes()
    assert published == original.replace(b"published: false", b"published: true")
    assert context.entries[path].published is True
    assert stack.undoText() == "Publish “Alpha rockets reach orbit”"
    stack.undo()
    assert path.read_bytes() == original
    assert context.entries[path].published is False
    stack.redo()
    assert path.read_bytes() == published
    assert context.failures == []


def test_field_edit_of_a_missing_key_is_removed_by_undo(
    stack: QUndoStack, context: RecordingContext, article_folder: Path, make_article: Any
) -> None:
    path = article_folder / "008_no_flag.txt"
    path.write_text(make_article("No flag yet", published=None), encoding="utf-8")
    context.entries[path] = read_entry(path, article_folder)
    original = path.read_bytes()
    stack.push(SetFieldCommand(context, context.entries[path], "published", True))
    added = path.read_bytes()
    assert len(added.splitlines()) == len(original.splitlines()) + 1
    assert b"published: true" in added
    stack.undo()
    assert path.read_bytes() == original
    stack.redo()
    assert path.read_bytes() == added
    stack.undo()
    assert path.read_bytes() == original


def test_a_title_edit_round_trips_exactly(
    stack: QUndoStack, context: RecordingContext, article_folder: Path
) -> None:
    path = article_folder / "002_bravo.txt"
    original = path.read_bytes()
    stack.push(SetFieldCommand(context, context.entries[path], "title", 'Bravo: "rates" cut'))
    assert context.entries[path].title == 'Bravo: "rates" cut'
    assert stack.undoText() == "Edit title of “Bravo bank cuts rates”"
    stack.undo()
    assert path.read_bytes() == original
    stack.redo()
    assert context.entries[path].title == 'Bravo: "rates" cut'


def test_a_refused_write_is_reported_and_dropped(
    stack: QUndoStack, context: RecordingContext, article_folder: Path
) -> None:
    path = article_folder / "001_alpha.txt"
    listed = context.entries[path]
    theirs = path.read_bytes().replace(b"Alpha rockets", b"Their rockets!")
    path.write_bytes(theirs)  # someone else saved the file since it was listed
    stack.push(SetFieldCommand(context, listed, "published", True))
    assert path.read_bytes() == theirs
    assert stack.count() == 0  # nothing to undo: nothing was written
    assert len(context.failures) == 1
    assert "changed on disk" in context.failures[0][1].reason
    assert context.entries[path].title == "Their rockets! reach orbit"  # shows what is on disk


def test_an_undo_that_conflicts_leaves_the_newer_file(
    stack: QUndoStack, context: RecordingContext, article_folder: Path
) -> None:
    path = article_folder / "001_alpha.txt"
    stack.push(SetFieldCommand(context, context.entries[path], "title", "Ours"))
    theirs = path.read_bytes().replace(b"Ours", b"Theirs")
    path.write_bytes(theirs)
    stack.undo()  # the title is no longer what the edit wrote: not ours to set back
    assert path.read_bytes() == theirs
    assert len(context.failures) == 1
    assert "title" in str(context.failures[0][1])
    assert stack.count() == 0  # the command could not be undone, so it is gone


def test_an_undo_after_another_change_sets_back_only_the_key(
    stack: QUndoStack, context: RecordingContext, article_folder: Path
) -> None:
    path = article_folder / "001_alpha.txt"
    before = path.read_bytes()
    stack.push(SetFieldCommand(context, context.entries[path], "published", True))
    path.write_bytes(path.read_bytes() + b"\nTheir addition.\n")
    stack.undo()
    assert path.read_bytes() == before + b"\nTheir addition.\n"
    assert context.failures == []


def test_setting_the_current_value_adds_no_step(
    stack: QUndoStack, context: RecordingContext, article_folder: Path
) -> None:
    path = article_folder / "002_bravo.txt"
    original = path.read_bytes()
    stack.push(SetFieldCommand(context, context.entries[path], "published", True))
    assert path.read_bytes() == original
    assert stack.count() == 0


def test_bulk_publish_redo_undo_redo(
    stack: QUndoStack, context: RecordingContext, article_folder: Path
) -> None:
    before = snapshot(article_folder)
    targets = [e for e in context.entries.values() if e.ok]
    command = BulkPublishCommand(context, targets, True)
    stack.push(command)
    assert stack.count() == 1
    # The text counts the files written, not the rows given: two were published already.
    assert stack.undoText() == "Publish 4 articles"
    assert command.summary() == "Published 4 articles (2 were already published)"
    assert len(command.paths()) == 4
    published = snapshot(article_folder)
    assert all(context.entries[e.path].published for e in targets)
    changed = [p for p in before if before[p] != published[p]]
    assert len(changed) == 4  # two were published already: untouched
    for path in changed:
        assert published[path] == before[path].replace(b"published: false", b"published: true")
    stack.undo()
    assert snapshot(article_folder) == before
    stack.redo()
    assert snapshot(article_folder) == published
    stack.undo()
    assert snapshot(article_folder) == before
    # The rows, shown in parts: all 6 after the first redo, then the 4 written each time.
    assert sum(context.batches) == 6 + 4 + 4 + 4


def test_a_bulk_publish_writes_every_file_it_can(
    stack: QUndoStack, context: RecordingContext, article_folder: Path
) -> None:
    targets = sorted((e for e in context.entries.values() if e.ok), key=lambda e: e.relpath)
    late = targets[-1].path
    assert context.entries[late].published is False
    # Another program publishes it: the key itself changed, so the decision conflicts.
    theirs = late.read_bytes().replace(b"published: false", b"published: yes")
    late.write_bytes(theirs)
    os.utime(late, ns=(1, 1))
    before = snapshot(article_folder)
    command = BulkPublishCommand(context, targets, True)
    stack.push(command)
    assert [path for path, _ in context.failures] == [late]
    assert late.read_bytes() == theirs  # refused, and left as the other program wrote it
    written = {path for path in before if path.read_bytes() != before[path]}
    assert written == {e.path for e in targets if not e.published and e.path != late}
    assert stack.count() == 1  # one step: the files that were written
    assert stack.undoText() == "Publish 3 articles"
    assert context.entries[late].published is True  # the list shows the disk
    stack.undo()
    assert snapshot(article_folder) == before
    stack.redo()
    assert {p for p in before if p.read_bytes() != before[p]} == written
