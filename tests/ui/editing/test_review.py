"""Keyboard review: Space, P, U, J/K, auto-advance and bulk flips, driven with real key presses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from curator_app.ui.list.article_filter import StateFilter
from curator_app.ui.list.columns import ColumnKey, column_index
from curator_app.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

OpenWindow = Callable[..., MainWindow]


@pytest.fixture
def window(open_window: OpenWindow, article_folder: Path) -> MainWindow:
    window = open_window(article_folder)
    # A fixed order for the tests: by file name.
    window.table.sortByColumn(column_index(ColumnKey.FILE), Qt.SortOrder.AscendingOrder)
    window.review.select_row(0)
    window.table.setFocus()
    return window


def names(window: MainWindow) -> list[str]:
    return [entry.path.name for entry in window.shown_entries()]


def current_name(window: MainWindow) -> str:
    entry = window.current_entry()
    assert entry is not None
    return entry.path.name


def press(qtbot: Any, widget: QWidget, key: Qt.Key) -> None:
    """A real key press: window shortcuts only fire in the active window."""
    widget.window().activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window(), timeout=2000)
    qtbot.keyClick(widget, key)


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(folder.rglob("*.*"))}


def test_space_toggles_and_auto_advance_moves_on(
    qtbot: Any, window: MainWindow, article_folder: Path
) -> None:
    path = article_folder / "001_alpha.txt"
    before = path.read_bytes()
    assert current_name(window) == "001_alpha.txt"
    press(qtbot, window.table, Qt.Key.Key_Space)
    assert path.read_bytes() == before.replace(b"published: false", b"published: true")
    assert current_name(window) == "002_bravo.txt"  # auto-advance is on by default
    window.review.select_row(0)
    press(qtbot, window.table, Qt.Key.Key_Space)
    assert path.read_bytes() == before


def test_p_and_u_without_auto_advance_stay_on_the_row(
    qtbot: Any, window: MainWindow, article_folder: Path
) -> None:
    window.window_actions.auto_advance.setChecked(False)
    path = article_folder / "001_alpha.txt"
    before = path.read_bytes()
    press(qtbot, window.table, Qt.Key.Key_P)
    assert b"published: true" in path.read_bytes()
    assert current_name(window) == "001_alpha.txt"
    press(qtbot, window.table, Qt.Key.Key_P)  # already published: no write, no undo step
    assert window.undo_stack.count() == 1
    press(qtbot, window.table, Qt.Key.Key_U)
    assert path.read_bytes() == before
    assert window.undo_stack.count() == 2
    assert window.settings.auto_advance is False


def test_unpublish_with_auto_advance(qtbot: Any, window: MainWindow, article_folder: Path) -> None:
    window.review.select_row(1)
    assert current_name(window) == "002_bravo.txt"
    press(qtbot, window.table, Qt.Key.Key_U)
    assert b"published: false" in (article_folder / "002_bravo.txt").read_bytes()
    assert current_name(window) == "003_charlie.md"


def test_auto_advance_when_the_decision_hides_the_row(
    qtbot: Any, window: MainWindow, article_folder: Path
) -> None:
    state = window.findChild(QComboBox, "stateFilter")
    state.setCurrentIndex(state.findData(StateFilter.UNPUBLISHED))
    window.review.select_row(0)
    assert names(window)[:2] == ["001_alpha.txt", "003_charlie.md"]
    press(qtbot, window.table, Qt.Key.Key_P)
    assert "001_alpha.txt" not in names(window)  # published: filtered out
    assert current_name(window) == "003_charlie.md"


def test_j_and_k_move(qtbot: Any, window: MainWindow) -> None:
    press(qtbot, window.table, Qt.Key.Key_J)
    press(qtbot, window.table, Qt.Key.Key_J)
    assert current_name(window) == "003_charlie.md"
    press(qtbot, window.table, Qt.Key.Key_K)
    assert current_name(window) == "002_bravo.txt"
    press(qtbot, window.table, Qt.Key.Key_Down)  # the arrows are the table's own
    assert current_name(window) == "003_charlie.md"
    for _ in range(3):
        press(qtbot, window.table, Qt.Key.Key_K)
    assert current_name(window) == "001_alpha.txt"  # stops at the top


def test_in_the_detail_pane_letters_do_nothing_and_ctrl_keys_decide(
    qtbot: Any, window: MainWindow, article_folder: Path
) -> None:
    tabs = window.detail.findChild(QWidget, "detailTabs")
    assert tabs is not None
    tabs.setFocus()
    before = snapshot(article_folder)
    press(qtbot, tabs, Qt.Key.Key_P)
    assert snapshot(article_folder) == before
    tabs.setFocus()
    qtbot.keyClick(tabs, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert b"published: true" in (article_folder / "001_alpha.txt").read_bytes()
    assert current_name(window) == "002_bravo.txt"


def test_the_menu_shows_the_modifier_shortcuts(window: MainWindow) -> None:
    actions = window.window_actions
    shortcuts = {
        action.objectName(): action.shortcut().toString()
        for action in (actions.publish, actions.unpublish, actions.toggle,
                       actions.next_article, actions.previous_article)
    }  # fmt: skip
    assert shortcuts == {
        "publishAction": "Ctrl+P",
        "unpublishAction": "Ctrl+U",
        "toggleAction": "Ctrl+T",
        "nextAction": "Ctrl+J",
        "previousAction": "Ctrl+K",
    }


def test_bulk_flip_is_one_undoable_step(
    qtbot: Any, window: MainWindow, article_folder: Path
) -> None:
    before = snapshot(article_folder)
    selection = window.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (0, 2, 3):
        selection.select(window.proxy.index(row, 0), flags)
    assert [e.path.name for e in window.selected_entries()] == [
        "001_alpha.txt", "003_charlie.md", "004_delta.txt",
    ]  # fmt: skip
    press(qtbot, window.table, Qt.Key.Key_P)
    after = snapshot(article_folder)
    changed = sorted(p.name for p in before if before[p] != after[p])
    assert changed == ["001_alpha.txt", "003_charlie.md", "004_delta.txt"]
    assert window.undo_stack.count() == 1
    assert window.window_actions.undo.text() == "&Undo Publish 3 articles"
    assert len(window.selected_entries()) == 3  # no auto-advance after a bulk decision
    window.window_actions.undo.trigger()
    assert snapshot(article_folder) == before
    window.window_actions.redo.trigger()
    assert snapshot(article_folder) == after
    window.window_actions.undo.trigger()
    assert snapshot(article_folder) == before
    assert "2 published" in window.counts.text()


def test_bulk_toggle_and_unpublish_from_the_menu(window: MainWindow, article_folder: Path) -> None:
    window.table.selectAll()
    window.window_actions.toggle.trigger()  # mixed selection: publish all
    assert all(e.published for e in window.shown_entries() if e.ok)
    window.window_actions.toggle.trigger()  # all published: unpublish all
    assert not any(e.published for e in window.shown_entries() if e.ok)
    window.window_actions.unpublish.trigger()  # nothing to change: no step
    assert window.undo_stack.count() == 2


def test_a_large_bulk_flip_shows_progress(
    qtbot: Any,
    open_window: OpenWindow,
    tmp_path: Path,
    make_article: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(30):
        (folder / f"{number:03}.txt").write_text(make_article(f"Story {number}"), "utf-8")
    window = open_window(folder)
    progress = window.decisions.bulk.progress
    shown: list[tuple[int, int, bool]] = []
    original = progress.set_progress

    def watched(done: int) -> None:
        original(done)
        shown.append((progress.bar.value(), progress.bar.maximum(), progress.isVisible()))

    monkeypatch.setattr(progress, "set_progress", watched)
    window.table.selectAll()
    before = snapshot(folder)
    window.window_actions.publish.trigger()
    assert all(e.published for e in window.all_entries())
    assert shown and shown[-1] == (30, 30, True)  # the bar counted up to the end
    assert [value for value, _, _ in shown] == sorted(value for value, _, _ in shown)
    assert not progress.isVisible()  # hidden once the step is over
    window.undo_stack.undo()  # the stack itself: the command writes inline
    assert snapshot(folder) == before


def test_focus_starts_in_the_list_and_find_returns_to_it(
    qtbot: Any, open_window: OpenWindow, article_folder: Path
) -> None:
    window = open_window(article_folder)
    qtbot.waitUntil(lambda: window.table.hasFocus(), timeout=2000)
    press(qtbot, window.table, Qt.Key.Key_J)  # the very first key press already reviews
    assert window.table.currentIndex().row() == 1
    window.activateWindow()
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = window.filter_bar.search
    assert search.hasFocus()
    qtbot.keyClicks(search, "delta")  # letters type into the search field, not shortcuts
    assert search.text() == "delta"
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert names(window) == ["004_delta.txt"]
    assert window.table.hasFocus()
    assert window.undo_stack.count() == 0
