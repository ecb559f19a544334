"""Nothing changes that the editor did not mean to change: the wheel, stray typing, Enter/Esc.

Every test drives the real window as a user would (mouse clicks, wheel events, key
presses) and checks the files on disk.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from curator_app.ui.list.columns import ColumnKey, column_index
from curator_app.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

OpenWindow = Callable[..., MainWindow]
WHEEL_EDITORS = ("dateEdit", "typeCombo", "categoryCombo", "qualitySpin", "heatSpin")


@pytest.fixture
def window(qtbot: Any, open_window: OpenWindow, article_folder: Path) -> MainWindow:
    window = open_window(article_folder)
    window.resize(1100, 640)  # short enough for the detail pane to scroll
    window.table.sortByColumn(column_index(ColumnKey.FILE), Qt.SortOrder.AscendingOrder)
    window.review.select_row(0)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    window.table.setFocus()
    qtbot.waitUntil(window.table.hasFocus, timeout=2000)
    return window


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(folder.rglob("*.*"))}


def child(window: MainWindow, name: str) -> QWidget:
    widget = window.detail.findChild(QWidget, name)
    assert widget is not None, name
    return widget


def form_scroll(window: MainWindow) -> QScrollArea:
    """The scroll area the editors live in."""
    widget = child(window, "titleEdit").parentWidget()
    while widget is not None and not isinstance(widget, QScrollArea):
        widget = widget.parentWidget()
    assert widget is not None
    return widget


def wheel(widget: QWidget, steps: int = -3) -> None:
    """Turn the wheel over the middle of ``widget`` (down for negative steps).

    Delivered as the platform delivers a real wheel event: the deepest widget under
    the pointer first, a widget with the WheelFocus policy on the way up gets the
    focus, and an ignored event goes on to the parent (Qt does both only for
    spontaneous events, which a test cannot send).
    """
    centre = widget.rect().center()
    deepest = widget.childAt(centre) or widget
    global_pos = widget.mapToGlobal(centre)
    focus_candidate: QWidget | None = deepest
    while focus_candidate is not None:
        policy = focus_candidate.focusPolicy()
        if policy & Qt.FocusPolicy.WheelFocus == Qt.FocusPolicy.WheelFocus:
            focus_candidate.setFocus(Qt.FocusReason.MouseFocusReason)
            break
        if focus_candidate.isWindow():
            break
        focus_candidate = focus_candidate.parentWidget()
    for _ in range(abs(steps)):
        receiver: QWidget | None = deepest
        while receiver is not None:
            event = QWheelEvent(
                QPointF(receiver.mapFromGlobal(global_pos)),
                QPointF(global_pos),
                QPoint(0, 0),
                QPoint(0, 120 if steps > 0 else -120),
                Qt.MouseButton.NoButton,
                Qt.KeyboardModifier.NoModifier,
                Qt.ScrollPhase.NoScrollPhase,
                False,
            )
            event.ignore()
            QApplication.sendEvent(receiver, event)
            if event.isAccepted() or receiver.isWindow():
                break
            receiver = receiver.parentWidget()


def background_point(window: MainWindow) -> tuple[QWidget, QPoint]:
    """A point on the article page where there is no widget: the left margin."""
    page = form_scroll(window).widget()
    assert page is not None
    viewport = form_scroll(window).viewport()
    y = page.mapFrom(viewport, QPoint(0, viewport.height() // 2)).y()
    point = QPoint(4, y)
    assert page.childAt(point) is None
    return page, point


def test_the_wheel_over_an_editor_without_focus_changes_nothing(
    qtbot: Any, window: MainWindow, article_folder: Path
) -> None:
    before = snapshot(article_folder)
    focused = []
    for name in WHEEL_EDITORS:
        editor = child(window, name)
        form_scroll(window).ensureWidgetVisible(editor)
        wheel(editor, -3)
        wheel(editor, +5)
        if editor.hasFocus():
            focused.append(name)
        # Clicking the list afterwards is what would have saved a changed field.
        qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(40, 10))
    assert snapshot(article_folder) == before
    assert window.undo_stack.count() == 0
    assert focused == []


def test_the_wheel_over_an_editor_scrolls_the_pane(qtbot: Any, window: MainWindow) -> None:
    bar = form_scroll(window).verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(0)
    wheel(child(window, "dateEdit"), -2)
    assert bar.value() > 0


def test_editors_get_focus_by_click_or_tab_not_by_wheel(window: MainWindow) -> None:
    for name in WHEEL_EDITORS:
        assert child(window, name).focusPolicy() == Qt.FocusPolicy.StrongFocus, name


def test_typing_after_a_click_on_the_pane_background_writes_nothing(
    qtbot: Any, window: MainWindow, article_folder: Path
) -> None:
    before = snapshot(article_folder)
    current = window.current_entry()
    page, point = background_point(window)
    qtbot.mouseClick(page, Qt.MouseButton.LeftButton, pos=point)
    target = QApplication.focusWidget() or window
    qtbot.keyClicks(target, "Payments app outage: up to 7 banks hit ")
    qtbot.keyClick(target, Qt.Key.Key_Space)
    assert snapshot(article_folder) == before
    assert window.undo_stack.count() == 0
    assert window.current_entry() == current  # J and K did not move either


def test_single_letter_keys_do_nothing_outside_the_list(
    qtbot: Any, window: MainWindow, article_folder: Path
) -> None:
    before = snapshot(article_folder)
    check = child(window, "publishedCheck")
    for widget in (child(window, "detailTabs"), check):
        widget.setFocus()
        for key in (Qt.Key.Key_P, Qt.Key.Key_U, Qt.Key.Key_J, Qt.Key.Key_K):
            qtbot.keyClick(widget, key)
    assert snapshot(article_folder) == before
    assert window.current_entry() is not None
    assert window.current_entry().path.name == "001_alpha.txt"


def test_modifier_shortcuts_reach_the_review_actions_from_anywhere(
    qtbot: Any, window: MainWindow, article_folder: Path
) -> None:
    window.window_actions.auto_advance.setChecked(False)
    alpha = article_folder / "001_alpha.txt"
    tabs = child(window, "detailTabs")
    tabs.setFocus()
    qtbot.keyClick(tabs, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert b"published: true" in alpha.read_bytes()
    qtbot.keyClick(tabs, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert b"published: false" in alpha.read_bytes()
    qtbot.keyClick(tabs, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert window.current_entry().path.name == "002_bravo.txt"
    qtbot.keyClick(tabs, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.current_entry().path.name == "001_alpha.txt"


def test_enter_in_the_title_saves_and_returns_to_the_list(
    qtbot: Any, window: MainWindow, article_folder: Path
) -> None:
    alpha = article_folder / "001_alpha.txt"
    title = child(window, "titleEdit")
    qtbot.mouseClick(title, Qt.MouseButton.LeftButton)
    assert title.hasFocus()
    title.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(title, "Alpha reaches orbit")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert b'title: "Alpha reaches orbit"\n' in alpha.read_bytes()
    assert window.table.hasFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_J)  # the next key reviews, it types nothing
    assert window.current_entry().path.name == "002_bravo.txt"
    assert b'title: "Alpha reaches orbit"\n' in alpha.read_bytes()


@pytest.mark.parametrize("name", ["titleEdit", "qualitySpin", "excerptEdit"])
def test_escape_reverts_the_field_and_returns_to_the_list_without_writing(
    qtbot: Any, window: MainWindow, article_folder: Path, name: str
) -> None:
    before = snapshot(article_folder)
    editor = child(window, name)
    form_scroll(window).ensureWidgetVisible(editor)
    shown = editor.property("plainText" if name == "excerptEdit" else "text")
    qtbot.mouseClick(editor, Qt.MouseButton.LeftButton)
    assert editor.hasFocus()
    qtbot.keyClicks(editor, "99")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert window.table.hasFocus()
    assert editor.property("plainText" if name == "excerptEdit" else "text") == shown
    assert snapshot(article_folder) == before
    assert window.undo_stack.count() == 0


def test_tab_moves_through_the_fields_in_visual_order(qtbot: Any, window: MainWindow) -> None:
    names = ["titleEdit", "excerptEdit", "dateEdit", "typeCombo", "categoryCombo",
             "qualitySpin", "heatSpin", "topicAddEdit"]  # fmt: skip
    first = child(window, names[0])
    qtbot.mouseClick(first, Qt.MouseButton.LeftButton)
    visited = [names[0]]
    for _ in names[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        while focused is not None and not focused.objectName():
            focused = focused.parentWidget()  # an editable combo's line edit
        assert focused is not None
        visited.append(focused.objectName())
    assert visited == names
    tops = [child(window, name).mapTo(window, QPoint(0, 0)).y() for name in names]
    assert tops == sorted(tops)


def test_the_heading_and_the_published_toggle_stay_pinned(window: MainWindow) -> None:
    area = form_scroll(window)
    heading, check = child(window, "titleHeading"), child(window, "publishedCheck")
    assert not area.isAncestorOf(heading) and not area.isAncestorOf(check)
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
    assert not heading.visibleRegion().isEmpty()
    assert not check.visibleRegion().isEmpty()
    assert heading.text() == "Alpha rockets reach orbit"  # type: ignore[attr-defined]


def test_moving_to_another_article_scrolls_the_pane_to_the_top(
    qtbot: Any, window: MainWindow
) -> None:
    bar = form_scroll(window).verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    qtbot.keyClick(window.table, Qt.Key.Key_J)
    assert window.current_entry().path.name == "002_bravo.txt"
    assert bar.value() == 0
    bar.setValue(bar.maximum())
    window.review.select_row(2)  # a click on another row does the same
    assert bar.value() == 0
