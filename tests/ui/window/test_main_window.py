from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QMenu,
    QSpinBox,
    QStyle,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
)

from curator_app.core.editing import ArticleEditor, Change
from curator_app.core.entry import ArticleEntry
from curator_app.core.errors import WriteError
from curator_app.ui.list.article_filter import StateFilter
from curator_app.ui.list.columns import ColumnKey, column_index
from curator_app.ui.list.loader import FolderLoader
from curator_app.ui.window import folder_reading, main_window
from curator_app.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

OpenWindow = Callable[..., MainWindow]
PUBLISHED = column_index(ColumnKey.PUBLISHED)
TITLE = column_index(ColumnKey.TITLE)


def select(window: MainWindow, name: str) -> int:
    row = next(r for r, e in enumerate(window.shown_entries()) if e.path.name == name)
    window.review.select_row(row)
    return row


def check_indicator(view: QTableView, row: int, column: int) -> QPoint:
    """The centre of the check box drawn in a cell, as the view's style places it."""
    index = view.model().index(row, column)
    option = QStyleOptionViewItem()
    option.initFrom(view.viewport())
    option.rect = view.visualRect(index)
    option.features = QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    option.checkState = Qt.CheckState(index.data(Qt.ItemDataRole.CheckStateRole))
    rect = view.style().subElementRect(
        QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, view
    )
    assert option.rect.contains(rect)
    return rect.center()


def changed_lines(before: bytes, after: bytes) -> list[tuple[bytes, bytes]]:
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def test_window_shows_the_folder(open_window: OpenWindow, article_folder: Path) -> None:
    window = open_window(article_folder)
    for name in ("articleTable", "searchEdit", "stateFilter", "providerFilter", "topicFilter",
                 "qualityFilter", "detailPane", "exportAction"):  # fmt: skip
        assert window.findChild(object, name) is not None, name
    assert window.model.rowCount() == 7
    assert window.windowTitle() == "articles — Curator"
    assert window.counts.text() == "7 shown  ·  7 total  ·  2 published  ·  1 unreadable"
    assert window.table.currentIndex().row() == 0  # the first article is shown at once
    assert window.detail.entry == window.current_entry()
    assert window.settings.last_folder == article_folder.resolve()
    providers = window.findChild(QComboBox, "providerFilter")
    assert providers.count() == 6  # "All providers" and the five of the folder


def test_clicking_the_check_box_writes_exactly_one_line(
    qtbot: Any, open_window: OpenWindow, article_folder: Path
) -> None:
    window = open_window(article_folder)
    path = article_folder / "001_alpha.txt"
    before = path.read_bytes()
    row = window.proxy.row_of(path.resolve())
    assert row is not None
    view = window.table
    position = check_indicator(view, row, PUBLISHED)
    assert position != view.visualRect(view.model().index(row, PUBLISHED)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=position)
    assert changed_lines(before, path.read_bytes()) == [
        (b"published: false\n", b"published: true\n")
    ]
    index = window.proxy.index(window.proxy.row_of(path.resolve()), PUBLISHED)
    assert Qt.CheckState(index.data(Qt.ItemDataRole.CheckStateRole)) == Qt.CheckState.Checked
    assert window.window_actions.undo.text() == "&Undo Publish “Alpha rockets reach orbit”"
    assert window.statusBar().currentMessage() == (
        "Publish “Alpha rockets reach orbit” — saved. Ctrl+Z undoes it."
    )
    assert "3 published" in window.counts.text()
    window.window_actions.undo.trigger()
    assert path.read_bytes() == before
    window.window_actions.redo.trigger()
    assert changed_lines(before, path.read_bytes()) == [
        (b"published: false\n", b"published: true\n")
    ]


def test_a_click_after_another_program_changed_the_file_lands_on_its_version(
    qtbot: Any, open_window: OpenWindow, article_folder: Path
) -> None:
    window = open_window(article_folder)
    path = article_folder / "001_alpha.txt"
    theirs = path.read_bytes().replace(b"Alpha rockets", b"Edited elsewhere")
    path.write_bytes(theirs)
    os.utime(path, ns=(1, 1))
    row = window.proxy.row_of(path.resolve())
    assert row is not None
    qtbot.mouseClick(
        window.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=check_indicator(window.table, row, 0),
    )
    assert path.read_bytes() == theirs.replace(b"published: false", b"published: true")
    assert "had changed on disk" in window.statusBar().currentMessage()
    entry = window.model.entry_for(path.resolve())
    assert entry is not None and entry.title == "Edited elsewhere reach orbit"
    assert entry.published is True
    window.undo_stack.undo()
    assert path.read_bytes() == theirs


def test_a_conflicting_write_is_shown_and_nothing_is_overwritten(
    qtbot: Any, open_window: OpenWindow, article_folder: Path
) -> None:
    window = open_window(article_folder)
    path = article_folder / "001_alpha.txt"
    theirs = (
        path.read_bytes()
        .replace(b"Alpha rockets", b"Edited elsewhere")
        .replace(b"published: false", b"published: yes")  # decided elsewhere too
    )
    path.write_bytes(theirs)
    os.utime(path, ns=(1, 1))
    row = window.proxy.row_of(path.resolve())
    assert row is not None
    qtbot.mouseClick(
        window.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=check_indicator(window.table, row, 0),
    )
    assert path.read_bytes() == theirs
    assert "Nothing was written to 001_alpha.txt" in window.notification.text()
    assert "changed on disk" in window.notification.text()
    entry = window.model.entry_for(path.resolve())
    assert entry is not None and entry.title == "Edited elsewhere reach orbit"
    assert entry.published is True  # YAML 1.1's `yes`: the list shows their decision
    assert window.undo_stack.count() == 0


def test_an_invalid_inline_edit_is_refused(open_window: OpenWindow, article_folder: Path) -> None:
    window = open_window(article_folder)
    path = article_folder / "002_bravo.txt"
    before = path.read_bytes()
    row = select(window, "002_bravo.txt")
    window.proxy.setData(window.proxy.index(row, TITLE), "   ")
    assert path.read_bytes() == before
    assert "title cannot be empty" in window.notification.text()
    assert window.undo_stack.count() == 0
    window.notification.dismiss()
    window.proxy.setData(window.proxy.index(row, TITLE), "Bravo, renamed")
    assert b'title: "Bravo, renamed"' in path.read_bytes()
    assert window.notification.text() == ""


def test_an_edit_in_the_detail_pane_is_an_undoable_write(
    qtbot: Any, open_window: OpenWindow, article_folder: Path
) -> None:
    window = open_window(article_folder)
    path = article_folder / "004_delta.txt"
    before = path.read_bytes()
    select(window, "004_delta.txt")
    title = window.findChild(QLineEdit, "titleEdit")
    assert title is not None and title.text() == "Delta delays flights"
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "Delta cancels flights")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert changed_lines(before, path.read_bytes()) == [
        (b'title: "Delta delays flights"\n', b'title: "Delta cancels flights"\n')
    ]
    assert window.current_entry().title == "Delta cancels flights"
    window.undo_stack.undo()
    assert path.read_bytes() == before
    assert title.text() == "Delta delays flights"  # the pane shows the file again


def test_filters_and_counts(qtbot: Any, open_window: OpenWindow, article_folder: Path) -> None:
    window = open_window(article_folder)
    window.filter_bar.search.setText("space")
    window.filter_bar.flush()
    assert {e.path.name for e in window.shown_entries()} == {
        "001_alpha.txt", "003_charlie.md", "005_echo.txt",
    }  # fmt: skip
    assert window.counts.text().startswith("3 shown  ·  7 total")
    window.filter_bar.search.clear()
    window.filter_bar.flush()
    state = window.findChild(QComboBox, "stateFilter")
    state.setCurrentIndex(state.findData(StateFilter.ERRORS))
    assert [e.path.name for e in window.shown_entries()] == ["007_broken.txt"]
    state.setCurrentIndex(state.findData(StateFilter.ALL))
    provider = window.findChild(QComboBox, "providerFilter")
    provider.setCurrentIndex(provider.findData("Space News"))
    assert len(window.shown_entries()) == 2
    quality = window.findChild(QSpinBox, "qualityFilter")
    quality.setValue(40)
    assert [e.path.name for e in window.shown_entries()] == ["003_charlie.md"]
    assert window.counts.text().startswith("1 shown")
    assert len(window.all_entries()) == 7


def test_clicking_a_header_sorts(qtbot: Any, open_window: OpenWindow, article_folder: Path) -> None:
    window = open_window(article_folder)
    header = window.table.horizontalHeader()
    quality = column_index(ColumnKey.QUALITY)
    x = header.sectionViewportPosition(quality) + header.sectionSize(quality) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    qualities = [e.quality for e in window.shown_entries() if e.quality is not None]
    assert qualities in (sorted(qualities), sorted(qualities, reverse=True))
    order = header.sortIndicatorOrder()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert header.sortIndicatorOrder() != order
    assert [e.quality for e in window.shown_entries() if e.quality is not None] == qualities[::-1]


def test_error_rows_show_the_reason_and_open_externally(
    open_window: OpenWindow, article_folder: Path
) -> None:
    opened: list[QUrl] = []
    window = open_window(article_folder, open_url=opened.append)
    row = select(window, "007_broken.txt")
    tooltip = window.proxy.index(row, TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert "invalid YAML" in tooltip
    assert window.detail.entry is not None and "invalid YAML" in (window.detail.entry.error or "")
    window.window_actions.open_external.trigger()
    assert opened == [QUrl.fromLocalFile(str((article_folder / "007_broken.txt").resolve()))]
    window.detail.openExternallyRequested.emit(article_folder / "001_alpha.txt")
    assert opened[-1] == QUrl.fromLocalFile(str(article_folder / "001_alpha.txt"))


def test_reload_reads_changes_and_keeps_the_current_article(
    qtbot: Any, open_window: OpenWindow, article_folder: Path, make_article: Any
) -> None:
    window = open_window(article_folder)
    select(window, "005_echo.txt")
    (article_folder / "009_new.txt").write_text(make_article("Newly arrived"), encoding="utf-8")
    with qtbot.waitSignal(window.loader.finished, timeout=10000):
        window.window_actions.reload.trigger()
    assert window.model.rowCount() == 8
    assert window.current_entry().path.name == "005_echo.txt"


def test_a_load_that_ends_before_its_batch_timer_still_keeps_the_current_article(
    qtbot: Any,
    open_window: OpenWindow,
    article_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_window(article_folder)
    select(window, "005_echo.txt")
    monkeypatch.setattr(folder_reading, "AFTER_PAINT_MS", 60_000)  # a batch's timer never comes
    with qtbot.waitSignal(window.loader.finished, timeout=10000):
        window.window_actions.reload.trigger()
    assert window.current_entry().path.name == "005_echo.txt"


def test_layout_and_preferences_persist(
    qtbot: Any, open_window: OpenWindow, article_folder: Path
) -> None:
    window = open_window(article_folder)
    topics = column_index(ColumnKey.TOPICS)
    window.table.set_column_shown(topics, False)
    provider = column_index(ColumnKey.PROVIDER)  # the Title column takes the spare width
    window.table.setColumnWidth(provider, 222)
    window.table.sortByColumn(column_index(ColumnKey.QUALITY), Qt.SortOrder.AscendingOrder)
    window.window_actions.auto_advance.setChecked(False)
    window.splitter.setSizes([500, 900])
    sizes = window.splitter.sizes()
    window.close()
    again = open_window()
    header = again.table.horizontalHeader()
    assert header.isSectionHidden(topics)
    assert header.sectionSize(provider) == 222
    assert header.sortIndicatorSection() == column_index(ColumnKey.QUALITY)
    assert again.window_actions.auto_advance.isChecked() is False
    # The offscreen screen is 800 px wide: the restored window is clamped to it, where the
    # list and the detail pane no longer fit side by side, so the pane goes below the list.
    assert sizes[0] > 0 and again.settings.window_state("splitter") is not None
    assert again.width() <= 800
    assert again.splitter.orientation() == Qt.Orientation.Vertical


def test_dropping_a_folder_opens_it(
    qtbot: Any, open_window: OpenWindow, folder_factory: Callable[[str], Path]
) -> None:
    window = open_window(folder_factory("first"))
    second = folder_factory("second")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(second))])
    event = QDropEvent(
        QPointF(50, 50), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    with qtbot.waitSignal(window.loader.finished, timeout=10000):
        window.dropEvent(event)
    assert window.folder == second.resolve()
    assert window.model.rowCount() == 7
    assert window.settings.recent_folders[:2] == [
        second.resolve(),
        window.settings.recent_folders[1],
    ]


def test_recent_folders_menu(
    qtbot: Any, open_window: OpenWindow, folder_factory: Callable[[str], Path]
) -> None:
    first, second = folder_factory("first"), folder_factory("second")
    window = open_window(first)
    with qtbot.waitSignal(window.loader.finished, timeout=10000):
        window.open_folder(second)
    menu = window.window_actions.recent_menu
    menu.aboutToShow.emit()
    texts = [action.text() for action in menu.actions()]
    assert texts[:2] == [str(second.resolve()), str(first.resolve())]
    with qtbot.waitSignal(window.loader.finished, timeout=10000):
        menu.actions()[1].trigger()
    assert window.folder == first.resolve()


def test_export_opens_the_dialog_with_the_three_selections(
    open_window: OpenWindow, article_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Any, ...]] = []

    class FakeDialog:
        def __init__(self, *args: Any) -> None:
            calls.append(args)

        def exec(self) -> int:
            return 0

    monkeypatch.setattr(main_window, "ExportDialog", FakeDialog)
    window = open_window(article_folder)
    action = window.window_actions.export
    assert action.shortcut().toString() == "Ctrl+E"
    window.table.selectAll()
    action.trigger()
    (folder, selected, shown, everything, store, runner, parent) = calls[0]
    assert folder == article_folder.resolve()
    assert len(selected) == len(shown) == len(everything) == 7
    assert store is window.settings.store and runner is window.runner and parent is window


def test_cancel_in_the_status_bar_stops_reading(
    qtbot: Any, open_window: OpenWindow, tmp_path: Path
) -> None:
    gate = threading.Event()

    def slow_scan(folder: Path, should_stop: Callable[[], bool]) -> Iterator[ArticleEntry]:
        for number in range(1000):
            if should_stop():
                return
            yield ArticleEntry(path=folder / f"{number}.txt", relpath=f"{number}.txt")
            gate.wait(5)

    window = open_window(loader=FolderLoader(scan=slow_scan, batch_size=1))
    window.open_folder(tmp_path)
    progress = window.load_progress
    qtbot.waitUntil(lambda: window.model.rowCount() >= 1, timeout=5000)
    assert progress.isVisible()
    button = progress.findChild(QToolButton, "cancelLoadButton")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    gate.set()
    assert window.loader.wait(5)
    assert not progress.isVisible()
    assert not window.loader.is_running
    assert "Reading stopped after" in window.statusBar().currentMessage()
    assert window.model.rowCount() < 1000


def test_the_column_chooser_hides_and_shows_columns(
    open_window: OpenWindow, article_folder: Path
) -> None:
    window = open_window(article_folder)
    menu = window.window_actions.columns_menu
    menu.aboutToShow.emit()
    actions = {action.text(): action for action in menu.actions() if action.text()}
    assert "Title" not in actions  # the title and the check box always stay
    header = window.table.horizontalHeader()
    provider = column_index(ColumnKey.PROVIDER)
    actions["Provider"].trigger()
    assert header.isSectionHidden(provider)
    menu.aboutToShow.emit()
    actions = {action.text(): action for action in menu.actions() if action.text()}
    assert not actions["Provider"].isChecked()
    actions["Provider"].trigger()
    assert not header.isSectionHidden(provider)
    window.table.set_column_shown(column_index(ColumnKey.TYPE), True)
    actions["Reset Columns"].trigger()
    assert header.isSectionHidden(column_index(ColumnKey.TYPE))  # hidden by default


def test_the_context_menu_offers_the_decisions(
    open_window: OpenWindow, article_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[list[str]] = []
    monkeypatch.setattr(
        QMenu, "popup", lambda menu, *args: shown.append([a.text() for a in menu.actions()])
    )
    window = open_window(article_folder)
    window.table.customContextMenuRequested.emit(QPoint(10, 10))
    assert shown[0][:3] == ["&Publish Selected", "U&npublish Selected", "&Toggle Published"]
    assert "Open in System &Editor" in shown[0]


def test_opening_a_folder_that_vanished_is_reported(
    open_window: OpenWindow, article_folder: Path, tmp_path: Path
) -> None:
    window = open_window(article_folder)
    window.open_folder(tmp_path / "gone")
    assert "is not a folder" in window.notification.text()
    assert window.folder == article_folder.resolve()
    assert window.model.rowCount() == 7


def test_a_refused_write_is_reported_and_the_row_shows_the_disk(
    qtbot: Any, open_window: OpenWindow, article_folder: Path
) -> None:
    class FullDisk(ArticleEditor):
        def change(self, path: Path, key: str, value: Any, *args: Any, **kwargs: Any) -> Change:
            raise WriteError(path, "could not write: No space left on device")

    window = open_window(article_folder, editor_factory=FullDisk)
    path = article_folder / "001_alpha.txt"
    before = path.read_bytes()
    select(window, "001_alpha.txt")
    window.window_actions.publish.trigger()
    assert path.read_bytes() == before
    assert "No space left on device" in window.notification.text()
    assert window.current_entry().path.name == "001_alpha.txt"  # no advance after a failure
    assert window.current_entry().published is False
    assert window.undo_stack.count() == 0


def test_an_edit_typed_while_the_next_article_loads_lands_in_the_article_shown(
    qtbot: Any, open_window: OpenWindow, article_folder: Path, holding_runner: Any
) -> None:
    runner = holding_runner
    window = open_window(article_folder, runner=runner)
    alpha, bravo = article_folder / "001_alpha.txt", article_folder / "002_bravo.txt"
    bravo_before = bravo.read_bytes()
    select(window, "001_alpha.txt")
    runner.release()
    assert window.detail.entry is not None and window.detail.entry.path.name == "001_alpha.txt"
    select(window, "002_bravo.txt")  # its document is read in the background: held back
    assert window.current_entry().path.name == "002_bravo.txt"
    title = window.findChild(QLineEdit, "titleEdit")
    assert title is not None and title.text() == "Alpha rockets reach orbit"
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "Alpha reaches orbit")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert b'title: "Alpha reaches orbit"' in alpha.read_bytes()
    assert bravo.read_bytes() == bravo_before
    runner.release()
    assert window.detail.entry is not None and window.detail.entry.path.name == "002_bravo.txt"


def test_open_in_editor_without_a_launcher_says_so(
    open_window: OpenWindow, article_folder: Path
) -> None:
    from PySide6.QtWidgets import QApplication

    window = open_window(article_folder, open_url=lambda url: False)
    select(window, "002_bravo.txt")
    window.window_actions.open_external.trigger()
    assert "No program is set up to open 002_bravo.txt" in window.notification.text()
    assert QApplication.clipboard().text().endswith("002_bravo.txt")


def test_a_refusal_floats_over_the_list_and_goes_once_that_file_is_saved(
    qtbot: Any, open_window: OpenWindow, article_folder: Path
) -> None:
    window = open_window(article_folder)
    path = article_folder / "001_alpha.txt"
    path.write_bytes(path.read_bytes().replace(b"published: false", b"published: yes"))
    os.utime(path, ns=(1, 1))
    row = select(window, "001_alpha.txt")
    rect_before = window.table.visualRect(window.proxy.index(row, TITLE))
    window.window_actions.publish.trigger()  # the key changed elsewhere: refused
    assert "Nothing was written to 001_alpha.txt" in window.notification.text()
    assert window.table.visualRect(window.proxy.index(row, TITLE)) == rect_before
    assert window.table.viewport().geometry().contains(window.notification.geometry().center())
    window.window_actions.unpublish.trigger()  # decided on what the list now shows
    assert b"published: false" in path.read_bytes()
    assert window.notification.text() == ""
