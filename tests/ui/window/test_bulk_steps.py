"""Bulk steps run off the GUI thread: the rows update, Cancel keeps exactly what was
written as one undoable step, undo and redo run (and cancel) the same way, a bad file
does not stop the others, and closing the window mid-way leaves whole files."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt

from curator_app.core.editing import ArticleEditor, Change
from curator_app.core.entry import ArticleEntry
from curator_app.core.library import read_entry
from curator_app.ui.editing import bulk
from curator_app.ui.list.columns import ColumnKey, column_index
from curator_app.ui.tasks import TaskRunner
from curator_app.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

OpenWindow = Callable[..., MainWindow]
ARTICLES = 40


class HoldingEditor(ArticleEditor):
    """The real edit service, recording the threads it ran on and the files it wrote;
    with ``hold_after`` set, every file after that many waits until ``release``."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.threads: set[int] = set()
        self.written: list[Path] = []  # files really changed, in the order they were
        self.started = 0
        self.hold_after: int | None = None
        self.release = threading.Event()
        self._lock = threading.Lock()

    def change(self, path: Path, *args: Any, **kwargs: Any) -> Change:
        self._arrive()
        change = super().change(path, *args, **kwargs)
        if change.written:
            self._wrote(path)
        return change

    def revert(self, change: Change, key: str) -> ArticleEntry:
        self._arrive()
        entry = super().revert(change, key)
        self._wrote(change.entry.path)
        return entry

    def _arrive(self) -> None:
        with self._lock:
            self.threads.add(threading.get_ident())
            self.started += 1
            held = self.hold_after is not None and self.started > self.hold_after
        if held:
            self.release.wait(10)

    def _wrote(self, path: Path) -> None:
        with self._lock:
            self.written.append(path)


@pytest.fixture
def many(tmp_path: Path, make_article: Any) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(ARTICLES):
        text = make_article(f"Story {number:03}", published=False)
        (folder / f"{number:03}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def editor(many: Path) -> Iterator[HoldingEditor]:
    holding = HoldingEditor(many)
    yield holding
    holding.release.set()  # nothing stays held after a failed test


@pytest.fixture
def window(open_window: OpenWindow, many: Path, editor: HoldingEditor) -> MainWindow:
    """The real runner: bulk steps really run on other threads. It belongs to the window,
    as the app's does: what it still delivers after the window is gone goes with it."""
    runner = TaskRunner()
    window = open_window(many, runner=runner, editor_factory=lambda _folder: editor)
    runner.setParent(window)
    window.settings.confirm_bulk = False
    window.table.sortByColumn(column_index(ColumnKey.FILE), Qt.SortOrder.AscendingOrder)
    return window


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(folder.iterdir())}


def select_all(window: MainWindow) -> None:
    proxy = window.proxy
    last = proxy.index(proxy.rowCount() - 1, proxy.columnCount() - 1)
    window.table.selectionModel().select(
        QItemSelection(proxy.index(0, 0), last), QItemSelectionModel.SelectionFlag.Select
    )


def changed(before: dict[Path, bytes], folder: Path) -> set[Path]:
    return {path for path, raw in snapshot(folder).items() if before[path] != raw}


def rows_match_disk(window: MainWindow, folder: Path) -> bool:
    return all(
        entry.published == read_entry(entry.path, folder).published
        for entry in window.all_entries()
    )


def wait_idle(qtbot: Any, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.decisions.busy, timeout=10000)


def hold(qtbot: Any, editor: HoldingEditor, after: int) -> None:
    """Let ``after`` more files through, then hold the rest until released."""
    editor.release.clear()
    editor.hold_after = editor.started + after
    editor.written.clear()


def cancel_when_held(qtbot: Any, window: MainWindow, editor: HoldingEditor) -> None:
    assert editor.hold_after is not None
    hold_after = editor.hold_after
    qtbot.waitUntil(lambda: editor.started > hold_after, timeout=10000)
    assert window.decisions.busy
    window.decisions.bulk.progress.cancel_button.click()
    editor.release.set()
    wait_idle(qtbot, window)
    editor.hold_after = None


def test_a_bulk_publish_runs_off_the_gui_thread_and_the_rows_update(
    qtbot: Any, window: MainWindow, many: Path, editor: HoldingEditor
) -> None:
    before = snapshot(many)
    select_all(window)
    window.window_actions.publish.trigger()
    wait_idle(qtbot, window)
    assert threading.get_ident() not in editor.threads
    assert changed(before, many) == set(before)
    assert all(entry.published for entry in window.all_entries())
    assert window.model.published_count == ARTICLES
    assert window.undo_stack.count() == 1
    assert window.statusBar().currentMessage() == (
        f"Published {ARTICLES} articles — saved. Ctrl+Z undoes it."
    )
    assert not window.decisions.bulk.progress.isVisible()
    # The detail pane reads its article again once, when the step is over.
    qtbot.waitUntil(window.detail.heading.published_check.isChecked, timeout=5000)


def test_while_a_bulk_step_runs_its_rows_and_undo_wait_and_the_others_can_be_decided(
    qtbot: Any,
    window: MainWindow,
    many: Path,
    editor: HoldingEditor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bulk, "PART_SECONDS", 0.0)  # every file reaches the window at once
    assert window.detail.entry is not None and window.detail.entry.path == many / "000.txt"
    assert not window.detail.heading.published_check.isChecked()
    outside = many / "039.txt"
    before = outside.read_bytes()
    proxy = window.proxy
    window.table.selectionModel().select(
        QItemSelection(proxy.index(0, 0), proxy.index(29, proxy.columnCount() - 1)),
        QItemSelectionModel.SelectionFlag.ClearAndSelect,
    )
    hold(qtbot, editor, 5)
    window.window_actions.publish.trigger()
    qtbot.waitUntil(lambda: editor.started > 5, timeout=10000)
    # The rows written so far show it, and so does the detail pane's check box.
    qtbot.waitUntil(lambda: window.model.published_count >= 5, timeout=10000)
    assert window.detail.heading.published_check.isChecked()
    assert window.decisions.bulk.progress.isVisible()
    assert not window.window_actions.undo.isEnabled()
    # A row being written: refused, with a reason.
    assert not window.flip([window.model.entry_for(many / "000.txt")], False)  # type: ignore[list-item]
    assert window.statusBar().currentMessage() == (
        "Nothing was written to 000.txt: wait for the bulk step, or cancel it."
    )
    # Another row: decided at once, on the GUI thread, while the step goes on.
    window.review.select_row(39)  # the list stays selectable
    entry = window.model.entry_for(outside)
    assert entry is not None
    editor.hold_after = None  # the single write must not wait
    assert window.flip([entry], True)
    assert outside.read_bytes() != before
    window.undo()  # refused until the step is over
    assert outside.read_bytes() != before
    editor.release.set()
    wait_idle(qtbot, window)
    assert window.window_actions.undo.isEnabled()
    assert window.undo_stack.count() == 2
    assert rows_match_disk(window, many)


def test_cancel_keeps_what_was_written_as_one_step_that_undo_sets_back(
    qtbot: Any, window: MainWindow, many: Path, editor: HoldingEditor
) -> None:
    before = snapshot(many)
    select_all(window)
    hold(qtbot, editor, 10)
    window.window_actions.publish.trigger()
    cancel_when_held(qtbot, window, editor)

    written = set(editor.written)
    assert 10 <= len(written) < ARTICLES  # the held files finished; no new one started
    assert changed(before, many) == written
    assert rows_match_disk(window, many)
    assert window.undo_stack.count() == 1
    assert window.undo_stack.undoText() == f"Publish {len(written)} articles"
    assert window.statusBar().currentMessage() == (
        f"Published {len(written)} of {ARTICLES} articles — cancelled. Ctrl+Z undoes it."
    )
    editor.written.clear()
    window.undo()
    wait_idle(qtbot, window)
    assert set(editor.written) == written  # exactly those were set back
    assert snapshot(many) == before
    assert rows_match_disk(window, many)
    assert threading.get_ident() not in editor.threads


def test_undo_and_redo_run_off_the_gui_thread_and_cancel_keeps_the_stack_true(
    qtbot: Any, window: MainWindow, many: Path, editor: HoldingEditor
) -> None:
    before = snapshot(many)
    select_all(window)
    window.window_actions.publish.trigger()
    wait_idle(qtbot, window)
    published = snapshot(many)

    # An undo cancelled part-way: what it set back stays so; the rest is still the step.
    hold(qtbot, editor, 8)
    window.undo()
    cancel_when_held(qtbot, window, editor)
    reverted = set(editor.written)
    assert 8 <= len(reverted) < ARTICLES
    assert {p for p, raw in snapshot(many).items() if raw == before[p]} == reverted
    left = ARTICLES - len(reverted)
    assert window.undo_stack.index() == 1
    assert window.undo_stack.undoText() == f"Publish {left} articles"
    assert window.window_actions.undo.text() == f"&Undo Publish {left} articles"
    assert window.statusBar().currentMessage() == (
        f"Undo cancelled: set back {len(reverted)} of {left + len(reverted)} articles;"
        f" Ctrl+Z undoes the other {left}."
    )
    assert rows_match_disk(window, many)

    hold(qtbot, editor, 0)
    window.undo()  # the rest
    qtbot.waitUntil(lambda: editor.started > (editor.hold_after or 0), timeout=10000)
    # While an undo runs, no other row is decided either: a step pushed now would take
    # the undone one's place on the stack.
    other = window.model.entry_for(min(reverted))  # set back already: not in this undo
    assert other is not None
    assert not window.flip([other], True)
    assert other.path.read_bytes() == before[other.path]
    editor.hold_after = None
    editor.release.set()
    wait_idle(qtbot, window)
    assert snapshot(many) == before
    assert window.undo_stack.index() == 0

    # A redo cancelled part-way is a step of what it wrote.
    hold(qtbot, editor, 5)
    window.redo()
    cancel_when_held(qtbot, window, editor)
    redone = set(editor.written)
    assert changed(before, many) == redone
    assert all(published[path] == path.read_bytes() for path in redone)
    assert window.undo_stack.index() == 1
    assert window.undo_stack.undoText() == f"Publish {len(redone)} articles"
    assert rows_match_disk(window, many)
    window.undo()
    wait_idle(qtbot, window)
    assert snapshot(many) == before


def test_a_file_that_fails_does_not_stop_the_others(
    qtbot: Any, window: MainWindow, many: Path
) -> None:
    late = many / "017.txt"
    theirs = late.read_bytes().replace(b"published: false", b"published: yes")
    late.write_bytes(theirs)  # another program published it since the list read it
    os.utime(late, ns=(1, 1))
    before = snapshot(many)
    select_all(window)
    window.window_actions.publish.trigger()
    wait_idle(qtbot, window)
    assert changed(before, many) == set(before) - {late}
    assert late.read_bytes() == theirs
    assert "Nothing was written to 017.txt" in window.notification.text()
    assert window.statusBar().currentMessage() == (
        f"Published {ARTICLES - 1} articles — saved (1 article could not be written)."
        " Ctrl+Z undoes it."
    )
    qtbot.waitUntil(lambda: rows_match_disk(window, many), timeout=5000)
    window.undo()
    wait_idle(qtbot, window)
    assert snapshot(many) == before


def test_closing_the_window_during_a_bulk_step_leaves_whole_files(
    qtbot: Any, window: MainWindow, many: Path, editor: HoldingEditor
) -> None:
    before = snapshot(many)
    select_all(window)
    hold(qtbot, editor, 10)
    window.window_actions.publish.trigger()
    qtbot.waitUntil(lambda: editor.started > 10, timeout=10000)
    # The files being written finish while the window waits for them.
    threading.Timer(0.2, editor.release.set).start()
    window.close()
    written = set(editor.written)
    assert 10 <= len(written) < ARTICLES
    assert changed(before, many) == written
    for path in written:  # each one whole: exactly the one line changed
        assert path.read_bytes() == before[path].replace(b"published: false", b"published: true")
    assert not [p for p in many.iterdir() if p.name.startswith(".curator-")]
