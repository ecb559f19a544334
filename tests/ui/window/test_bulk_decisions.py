"""Bulk decisions: asked first above the threshold, counted as they happened, undone by name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QMessageBox

from curator_app.ui.list.columns import ColumnKey, column_index
from curator_app.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

OpenWindow = Callable[..., MainWindow]
ARTICLES = 60
ALREADY_PUBLISHED = 8  # 000 … 007


@pytest.fixture
def many(tmp_path: Path, make_article: Any) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(ARTICLES):
        text = make_article(f"Story {number:03}", published=number < ALREADY_PUBLISHED)
        (folder / f"{number:03}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def window(qtbot: Any, open_window: OpenWindow, many: Path) -> MainWindow:
    window = open_window(many)
    window.table.sortByColumn(column_index(ColumnKey.FILE), Qt.SortOrder.AscendingOrder)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    window.table.setFocus()
    qtbot.waitUntil(window.table.hasFocus, timeout=2000)
    return window


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(folder.rglob("*.*"))}


class DialogAnswer:
    """Answers the next message box as a user would: reads it, ticks, clicks a button."""

    def __init__(self, button: str, dont_ask_again: bool = False) -> None:
        self.button = button
        self.dont_ask_again = dont_ask_again
        self.texts: list[str] = []

    def arm(self) -> None:
        """Answer from inside the dialog's own event loop, once the next key opened it."""
        QTimer.singleShot(0, self._answer)

    def _answer(self) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return
        self.texts.append(f"{box.text()}\n{box.informativeText()}")
        check = box.checkBox()
        if self.dont_ask_again:
            assert isinstance(check, QCheckBox)
            check.setChecked(True)
        (button,) = [b for b in box.buttons() if b.text().replace("&", "") == self.button]
        button.click()


def press(qtbot: Any, window: MainWindow, key: Qt.Key, answer: DialogAnswer | None = None) -> None:
    """A key typed in the list (active again once a dialog has closed)."""
    window.activateWindow()
    window.table.setFocus()
    qtbot.waitUntil(window.table.hasFocus, timeout=2000)
    if answer is not None:
        answer.arm()
    qtbot.keyClick(window.table, key)
    QApplication.processEvents()  # an answer no dialog took is spent now, not on the next one


def test_a_bulk_action_above_the_threshold_asks_and_cancel_writes_nothing(
    qtbot: Any, window: MainWindow, many: Path
) -> None:
    before = snapshot(many)
    window.table.selectAll()
    answer = DialogAnswer("Cancel")
    press(qtbot, window, Qt.Key.Key_P, answer)
    assert len(answer.texts) == 1
    assert "Publish 60 articles?" in answer.texts[0]
    assert "8 are already published" in answer.texts[0]
    assert snapshot(many) == before
    assert window.undo_stack.count() == 0


def test_confirmed_bulk_publish_counts_what_changed(
    qtbot: Any, window: MainWindow, many: Path
) -> None:
    before = snapshot(many)
    window.table.selectAll()
    answer = DialogAnswer("Publish 60 Articles")
    press(qtbot, window, Qt.Key.Key_P, answer)
    assert answer.texts
    after = snapshot(many)
    assert sum(before[path] != after[path] for path in before) == 52
    assert window.statusBar().currentMessage() == (
        "Published 52 articles (8 were already published) — saved. Ctrl+Z undoes it."
    )
    assert window.window_actions.undo.text() == "&Undo Publish 52 articles"
    window.window_actions.undo.trigger()
    assert snapshot(many) == before
    assert window.statusBar().currentMessage() == "Undid: Publish 52 articles"
    selected = {entry.path.name for entry in window.selected_entries()}
    assert selected == {f"{number:03}.txt" for number in range(ALREADY_PUBLISHED, ARTICLES)}
    window.window_actions.redo.trigger()
    assert snapshot(many) == after
    assert window.statusBar().currentMessage() == "Redid: Publish 52 articles"


def test_dont_ask_again_is_kept_and_the_view_menu_turns_it_back_on(
    qtbot: Any, window: MainWindow, many: Path
) -> None:
    toggle = window.window_actions.confirm_bulk
    assert toggle.isChecked()
    window.table.selectAll()
    answer = DialogAnswer("Publish 60 Articles", dont_ask_again=True)
    press(qtbot, window, Qt.Key.Key_P, answer)
    assert answer.texts
    assert window.settings.confirm_bulk is False
    assert not toggle.isChecked()
    unasked = DialogAnswer("Cancel")
    press(qtbot, window, Qt.Key.Key_U, unasked)  # no question: every file is written
    assert unasked.texts == []
    assert not any(entry.published for entry in window.all_entries())
    toggle.trigger()
    assert window.settings.confirm_bulk is True
    asked = DialogAnswer("Cancel")
    press(qtbot, window, Qt.Key.Key_Space, asked)
    assert asked.texts
    assert not any(entry.published for entry in window.all_entries())


def test_nothing_to_change_is_said(qtbot: Any, window: MainWindow, many: Path) -> None:
    selection = window.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in range(3):
        selection.select(window.proxy.index(row, 0), flags)
    before = snapshot(many)
    press(qtbot, window, Qt.Key.Key_P)
    assert snapshot(many) == before
    assert window.statusBar().currentMessage() == (
        "Nothing was written: the 3 articles were already published."
    )
    assert window.undo_stack.count() == 0


def test_the_status_bar_counts_the_selection(window: MainWindow) -> None:
    window.review.select_row(0)
    assert "selected" not in window.counts.text()
    selection = window.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (3, 4):
        selection.select(window.proxy.index(row, 0), flags)
    assert window.counts.text().endswith("3 selected")
    window.table.selectAll()
    assert window.counts.text().endswith("60 selected")


def test_undo_and_redo_of_a_single_edit_say_so_and_select_the_row(
    qtbot: Any, window: MainWindow, many: Path
) -> None:
    window.window_actions.auto_advance.setChecked(False)
    window.review.select_row(10)
    press(qtbot, window, Qt.Key.Key_P)
    window.review.select_row(20)
    window.window_actions.undo.trigger()
    assert window.statusBar().currentMessage() == "Undid: Publish “Story 010”"
    assert [entry.path.name for entry in window.selected_entries()] == ["010.txt"]
    assert window.current_entry().path.name == "010.txt"
    window.review.select_row(30)
    window.window_actions.redo.trigger()
    assert window.statusBar().currentMessage() == "Redid: Publish “Story 010”"
    assert window.current_entry().path.name == "010.txt"
