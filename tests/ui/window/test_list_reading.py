"""The list as a reviewer reads it: selection after filters, empty state, narrow windows."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QPushButton, QSpinBox, QSplitter

from curator_app.core.entry import ArticleEntry
from curator_app.ui.list.article_filter import StateFilter
from curator_app.ui.list.columns import ColumnKey, column_index
from curator_app.ui.list.loader import FolderLoader
from curator_app.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

OpenWindow = Callable[..., MainWindow]


def select(window: MainWindow, name: str) -> int:
    row = next(r for r, e in enumerate(window.shown_entries()) if e.path.name == name)
    window.review.select_row(row)
    return row


def assert_current_row_selected_and_visible(window: MainWindow) -> None:
    table = window.table
    current = table.currentIndex()
    assert current.isValid()
    assert [index.row() for index in table.selectionModel().selectedRows()] == [current.row()]
    assert table.viewport().rect().intersects(table.visualRect(current))
    # The detail pane shows the selected row; after a filter, on a turn after the list's.
    expected = window.proxy.entry(current.row()).path
    deadline = time.monotonic() + 5
    while window.detail.entry is None or window.detail.entry.path != expected:
        assert time.monotonic() < deadline, "the detail pane never showed the current row"
        QTest.qWait(5)


def set_state(window: MainWindow, state: StateFilter) -> None:
    combo = window.findChild(QComboBox, "stateFilter")
    combo.setCurrentIndex(combo.findData(state))


def test_after_a_state_filter_the_current_row_is_selected(
    open_window: OpenWindow, article_folder: Path
) -> None:
    window = open_window(article_folder)
    select(window, "004_delta.txt")  # unpublished: the filter below hides it
    set_state(window, StateFilter.PUBLISHED)
    assert_current_row_selected_and_visible(window)
    set_state(window, StateFilter.ALL)  # the row shown stays the one selected
    assert_current_row_selected_and_visible(window)


def test_after_search_and_enter_the_current_row_is_selected(
    qtbot: Any, open_window: OpenWindow, article_folder: Path
) -> None:
    window = open_window(article_folder)
    select(window, "004_delta.txt")
    window.filter_bar.search.setFocus()
    qtbot.keyClicks(window.filter_bar.search, "echo")
    qtbot.keyClick(window.filter_bar.search, Qt.Key.Key_Return)
    assert [e.path.name for e in window.shown_entries()] == ["005_echo.txt"]
    assert_current_row_selected_and_visible(window)
    assert window.table.hasFocus()


def test_a_filter_keeping_the_current_row_keeps_it_selected_and_in_view(
    qtbot: Any, open_window: OpenWindow, tmp_path: Path, make_article: Callable[..., str]
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(80):
        word = "kept" if n % 2 else "other"
        date = f"2021-10-11T05:{n % 60:02d}:00Z" if n < 60 else f"2021-10-12T05:{n - 60:02d}:00Z"
        (folder / f"{n:03d}.txt").write_text(make_article(f"Story {n} {word}", date=date))
    window = open_window(folder)
    window.resize(1000, 500)
    qtbot.wait(10)
    row = select(window, "003.txt")  # near the bottom (newest first)
    assert row > 60
    window.filter_bar.search.setText("kept")
    window.filter_bar.flush()
    assert window.current_entry() is not None
    assert window.current_entry().path.name == "003.txt"
    assert_current_row_selected_and_visible(window)


def test_opening_another_folder_clears_the_search_and_filters(
    open_window: OpenWindow, folder_factory: Callable[[str], Path]
) -> None:
    first, second = folder_factory("first"), folder_factory("second")
    window = open_window(first)
    window.filter_bar.search.setText("alpha")
    window.filter_bar.flush()
    set_state(window, StateFilter.UNPUBLISHED)
    window.findChild(QSpinBox, "qualityFilter").setValue(20)
    assert len(window.shown_entries()) == 1
    window.open_folder(second)
    assert window.filter_bar.search.text() == ""
    assert window.findChild(QComboBox, "stateFilter").currentData() == StateFilter.ALL
    assert window.findChild(QSpinBox, "qualityFilter").value() == -1
    assert not window.proxy.article_filter.active


def test_reload_keeps_the_filters(
    qtbot: Any, open_window: OpenWindow, article_folder: Path
) -> None:
    window = open_window(article_folder)
    window.filter_bar.search.setText("alpha")
    window.filter_bar.flush()
    with qtbot.waitSignal(window.loader.finished, timeout=10000):
        window.reload()
    assert window.filter_bar.search.text() == "alpha"
    assert [e.path.name for e in window.shown_entries()] == ["001_alpha.txt"]


def test_an_empty_result_says_why_and_clear_filters_shows_every_row(
    qtbot: Any, open_window: OpenWindow, article_folder: Path
) -> None:
    window = open_window(article_folder)
    empty = window.findChild(QLabel, "emptyStateLabel")
    assert empty is None or not empty.isVisible()
    window.filter_bar.search.setText("zurich")
    window.filter_bar.flush()
    set_state(window, StateFilter.PUBLISHED)
    empty = window.findChild(QLabel, "emptyStateLabel")
    assert empty is not None and empty.isVisible()
    assert empty.text() == "No article matches “zurich” with Published only"
    button = window.findChild(QPushButton, "clearFiltersButton")
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(window.shown_entries()) == 7
    assert window.filter_bar.search.text() == ""
    assert not empty.isVisible()
    assert_current_row_selected_and_visible(window)


def test_search_in_the_window_ignores_accents_both_ways(
    open_window: OpenWindow, tmp_path: Path, make_article: Callable[..., str]
) -> None:
    folder = tmp_path / "cities"
    folder.mkdir()
    (folder / "a.txt").write_text(make_article("Floods in Zürich"), encoding="utf-8")
    (folder / "b.txt").write_text(make_article("Zurich votes"), encoding="utf-8")
    (folder / "c.txt").write_text(make_article("Bern rests"), encoding="utf-8")
    window = open_window(folder)
    for typed in ("zurich", "zürich", "ZÜRICH"):
        window.filter_bar.search.setText(typed)
        window.filter_bar.flush()
        assert sorted(e.path.name for e in window.shown_entries()) == ["a.txt", "b.txt"]


# The completer's popup asks the offscreen platform for things it cannot do.
@pytest.mark.qt_log_ignore("propagateSizeHints", "support raise", "grabbing the keyboard")
def test_the_provider_filter_can_be_typed_into(
    qtbot: Any, open_window: OpenWindow, article_folder: Path
) -> None:
    window = open_window(article_folder)
    provider = window.findChild(QComboBox, "providerFilter")
    assert provider.isEditable()
    provider.lineEdit().selectAll()
    qtbot.keyClicks(provider.lineEdit(), "money daily")
    qtbot.keyClick(provider.lineEdit(), Qt.Key.Key_Return)
    assert window.proxy.article_filter.provider == "Money Daily"
    assert [e.path.name for e in window.shown_entries()] == ["002_bravo.txt"]


def test_the_topic_editor_completes_from_the_folders_topics(
    open_window: OpenWindow, article_folder: Path
) -> None:
    window = open_window(article_folder)
    select(window, "001_alpha.txt")
    editor = window.detail.form.topics_editor.add_edit
    completer = editor.completer()
    assert completer is not None
    model = completer.model()
    offered = {model.index(row, 0).data() for row in range(model.rowCount())}
    assert {"Finance", "Physics", "Travel", "Culture", "Drones"} <= offered
    completer.setCompletionPrefix("phy")
    assert completer.currentCompletion() == "Physics"


def test_the_window_fits_800_pixels_and_half_a_laptop_screen(
    qtbot: Any, open_window: OpenWindow, article_folder: Path
) -> None:
    window = open_window(article_folder)
    assert window.minimumSizeHint().width() <= 800
    assert window.minimumWidth() <= 800
    for width in (800, 683):
        window.resize(width, 700)
        qtbot.waitUntil(lambda width=width: window.width() == width)
        assert window.table.isVisible()
        assert window.detail.isVisible()
        assert window.detail.width() > 0 and window.table.width() > 0
    # At 683 px the detail pane goes below the list rather than squeezing both.
    splitter = window.findChild(QSplitter, "mainSplitter")
    assert splitter.orientation() == Qt.Orientation.Vertical
    window.resize(1400, 800)
    qtbot.waitUntil(lambda: splitter.orientation() == Qt.Orientation.Horizontal)


def test_the_detail_pane_can_be_hidden_and_put_below(
    open_window: OpenWindow, article_folder: Path, settings_store: Any
) -> None:
    window = open_window(article_folder)
    shown = window.findChild(QAction, "showDetailAction")
    below = window.findChild(QAction, "detailBelowAction")
    shown.trigger()
    assert not window.detail.isVisible()
    shown.trigger()
    assert window.detail.isVisible()
    below.trigger()
    splitter = window.findChild(QSplitter, "mainSplitter")
    assert splitter.orientation() == Qt.Orientation.Vertical
    assert window.settings.detail_below


def test_density_and_thumbnail_column_toggles(
    qtbot: Any, open_window: OpenWindow, article_folder: Path
) -> None:
    window = open_window(article_folder)
    table = window.table
    comfortable = table.verticalHeader().defaultSectionSize()
    window.findChild(QAction, "compactDensityAction").trigger()
    assert table.verticalHeader().defaultSectionSize() < comfortable
    assert window.settings.list_density == "compact"
    window.findChild(QAction, "comfortableDensityAction").trigger()
    assert table.verticalHeader().defaultSectionSize() == comfortable

    thumbnails = column_index(ColumnKey.THUMBNAIL)
    assert table.isColumnHidden(thumbnails)
    window.findChild(QAction, "thumbnailsAction").trigger()
    assert not table.isColumnHidden(thumbnails)
    assert window.settings.show_thumbnails
    window.findChild(QAction, "thumbnailsAction").trigger()
    assert table.isColumnHidden(thumbnails)


def test_the_thumbnail_column_shows_the_first_image(
    qtbot: Any, open_window: OpenWindow, tmp_path: Path, make_article: Callable[..., str]
) -> None:
    from PySide6.QtGui import QColor, QImage

    folder = tmp_path / "pictures"
    folder.mkdir()
    image = QImage(64, 36, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    assert image.save(str(folder / "p.png"))
    text = make_article("With a picture").replace("https://example.com/with-a-picture.jpg", "p.png")
    (folder / "a.txt").write_text(text, encoding="utf-8")
    window = open_window(folder)
    window.findChild(QAction, "thumbnailsAction").trigger()
    index = window.proxy.index(0, column_index(ColumnKey.THUMBNAIL))
    qtbot.waitUntil(lambda: window.table.thumbnail_for(index) is not None, timeout=5000)
    assert not window.table.thumbnail_for(index).isNull()


def test_the_title_column_takes_the_spare_width(
    open_window: OpenWindow, article_folder: Path
) -> None:
    window = open_window(article_folder)
    header = window.table.horizontalHeader()
    title = column_index(ColumnKey.TITLE)
    assert header.sectionResizeMode(title) == QHeaderView.ResizeMode.Stretch
    assert not header.stretchLastSection()


def test_rows_read_one_by_one_arrive_in_order_and_the_selection_stays(
    qtbot: Any, open_window: OpenWindow, article_folder: Path
) -> None:
    window = open_window(loader=FolderLoader(batch_size=1))  # a row per batch
    selected: list[Path] = []
    window.table.selectionModel().currentChanged.connect(
        lambda current, _previous: selected.append(window.proxy.entry(current.row()).path)
    )
    with qtbot.waitSignal(window.loader.finished, timeout=10000):
        window.open_folder(article_folder)
    dates = [e.published_at for e in window.shown_entries() if e.published_at is not None]
    assert len(dates) == 6 and dates == sorted(dates, reverse=True)  # newest first
    top = window.shown_entries()[0].path
    qtbot.waitUntil(lambda: window.current_entry().path == top, timeout=2000)
    # The first article read stays current while the rows come (newer ones go above it),
    # then the top row takes its place: at most two changes, never one per batch.
    assert selected in ([top], [selected[0], top])
    assert_current_row_selected_and_visible(window)

    window.filter_bar.search.setText("space")  # a search on while the rows come again
    window.filter_bar.flush()
    with qtbot.waitSignal(window.loader.finished, timeout=10000):
        window.reload()
    shown = window.shown_entries()
    assert {e.path.name for e in shown} == {"001_alpha.txt", "003_charlie.md", "005_echo.txt"}
    assert [e.published_at for e in shown] == sorted(
        (e.published_at for e in shown), key=lambda d: d.timestamp(), reverse=True
    )


def test_the_first_article_is_selected_on_a_turn_after_the_first_rows(
    qtbot: Any, open_window: OpenWindow, article_folder: Path
) -> None:
    """Its display (20-30 ms the first time) does not add to the first rows' paint."""
    window = open_window()
    at_first_batch: list[ArticleEntry | None] = []
    window.loader.batchReady.connect(  # runs after the window's own slot
        lambda _batch: at_first_batch or at_first_batch.append(window.current_entry())
    )
    with qtbot.waitSignal(window.loader.finished, timeout=10000):
        window.open_folder(article_folder)
    assert at_first_batch == [None]
    qtbot.waitUntil(lambda: window.current_entry() is not None, timeout=5000)
    assert window.current_entry() == window.shown_entries()[0]


def test_after_a_filter_a_current_row_out_of_view_is_scrolled_into_view(
    qtbot: Any, open_window: OpenWindow, tmp_path: Path, make_article: Callable[..., str]
) -> None:
    """The scroll comes once the view has laid the filtered rows out (a zero timer)."""
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(300):
        title = f"Story {number:03}" + (" kept" if number % 2 else "")
        (folder / f"{number:03}.md").write_text(make_article(title), encoding="utf-8")
    window = open_window(folder)
    window.table.sortByColumn(column_index(ColumnKey.FILE), Qt.SortOrder.AscendingOrder)
    select(window, "299.md")
    window.table.verticalScrollBar().setValue(0)  # the reviewer scrolled back up
    table = window.table
    assert not table.viewport().rect().intersects(table.visualRect(table.currentIndex()))
    window.filter_bar.search.setText("kept")
    window.filter_bar.flush()
    qtbot.waitUntil(
        lambda: table.viewport().rect().intersects(table.visualRect(table.currentIndex())),
        timeout=2000,
    )
    assert window.proxy.rowCount() == 150
    assert_current_row_selected_and_visible(window)


def test_a_batch_is_painted_on_the_next_turn_of_the_event_loop(
    qtbot: Any, open_window: OpenWindow, article_folder: Path
) -> None:
    """A timer due while a batch is merged (a key, a heartbeat) runs before the list
    repaints: at 100,000 rows the merge and the repaint each take 20-30 ms."""
    window = open_window(loader=FolderLoader(batch_size=1))
    order: list[str] = []
    viewport = window.table.viewport()

    def merged(_batch: object) -> None:  # runs after the window's own slot
        order.append("merged")
        QTimer.singleShot(0, lambda: order.append("input"))
        if not viewport.updatesEnabled():
            order.append("paint held")

    window.loader.batchReady.connect(merged)
    with qtbot.waitSignal(window.loader.finished, timeout=10000):
        window.open_folder(article_folder)
    qtbot.waitUntil(viewport.updatesEnabled, timeout=2000)

    assert order[:3] == ["merged", "paint held", "input"]
    assert window.model.rowCount() == 7


def test_a_big_folder_is_searched_through_its_words_once_loaded(
    qtbot: Any, open_window: OpenWindow, article_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from curator_app.ui.list import filter_proxy

    monkeypatch.setattr(filter_proxy, "WORD_INDEX_ROWS", 2)  # this folder counts as big
    window = open_window(article_folder)
    texts = window.model.search_texts()
    # Made inline when the load finished, taken in on a timer's turn after.
    qtbot.waitUntil(lambda: texts.words is not None, timeout=2000)
    window.filter_bar.search.setText("Rocket")
    window.filter_bar.flush()
    assert texts.mask("rocket") is not None  # through the words
    assert [entry.path.name for entry in window.shown_entries()] == ["001_alpha.txt"]


def test_after_a_filter_decided_in_the_background_the_current_row_is_selected(
    open_window: OpenWindow, article_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from curator_app.ui.list import filter_proxy

    monkeypatch.setattr(filter_proxy, "BACKGROUND_FILTER_ROWS", 2)  # this folder counts as big
    window = open_window(article_folder)  # background work runs inline here
    select(window, "004_delta.txt")  # unpublished: the filter below hides it
    set_state(window, StateFilter.PUBLISHED)
    assert window.proxy.article_filter.state == StateFilter.PUBLISHED
    assert_current_row_selected_and_visible(window)


def test_after_a_filter_the_list_is_painted_before_the_new_current_article_is_shown(
    qtbot: Any, open_window: OpenWindow, article_folder: Path
) -> None:
    window = open_window(article_folder)
    select(window, "004_delta.txt")  # unpublished: the filter below hides it
    qtbot.waitUntil(lambda: window.detail.entry is not None)
    assert window.detail.entry.path.name == "004_delta.txt"
    set_state(window, StateFilter.PUBLISHED)
    current = window.proxy.entry(window.table.currentIndex().row())
    assert current.published and window.detail.entry.path.name == "004_delta.txt"  # not yet
    qtbot.waitUntil(lambda: window.detail.entry.path == current.path)


def test_a_search_off_the_gui_thread_does_not_wait_for_the_shared_threads(
    qtbot: Any, open_window: OpenWindow, article_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Long background work (the folder watcher's first listing, thumbnails) may hold
    every thread of the shared pool; the list's searches and sorts have threads of
    their own."""
    import threading

    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    from curator_app.ui.list import filter_proxy
    from curator_app.ui.tasks import TaskRunner

    monkeypatch.setattr(filter_proxy, "BACKGROUND_FILTER_ROWS", 2)  # decided off the GUI thread
    shared = TaskRunner()
    window = open_window(article_folder, runner=shared, list_runner=None)
    assert window.list_runner is not shared
    release = threading.Event()
    for _ in range(QThreadPool.globalInstance().maxThreadCount()):
        shared.run(lambda: release.wait(10), lambda _result: None)
    try:
        window.filter_bar.search.setText("Rocket")
        window.filter_bar.flush()
        qtbot.waitUntil(lambda: not window.proxy.filtering, timeout=3000)
        assert [entry.path.name for entry in window.shown_entries()] == ["001_alpha.txt"]
    finally:
        release.set()
        shared.wait(5000)
        # What the held threads ran (the article shown) is delivered while the window is
        # there: ``shared`` is not the window's child, so it would deliver after it went.
        QApplication.processEvents()


def test_showing_an_article_keeps_the_words_index_waiting(
    open_window: OpenWindow, article_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from curator_app.ui.list import filter_proxy

    window = open_window(article_folder)
    now = [10.0**6]
    monkeypatch.setattr(filter_proxy.time, "monotonic", lambda: now[0])
    assert not window.proxy.busy()
    select(window, "005_echo.txt")
    assert window.proxy.busy()


def test_closing_the_window_stops_the_words_index_under_way(
    qtbot: Any, open_window: OpenWindow, article_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from curator_app.ui.list import filter_proxy
    from curator_app.ui.list.filter_proxy import ArticleFilterProxy
    from curator_app.ui.tasks import TaskRunner

    monkeypatch.setattr(filter_proxy, "WORD_INDEX_ROWS", 2)  # this folder counts as big
    monkeypatch.setattr(ArticleFilterProxy, "busy", lambda _self: True)  # it waits forever
    shared = TaskRunner()
    window = open_window(article_folder, runner=shared, list_runner=None)
    qtbot.waitUntil(lambda: window.proxy.indexing_words, timeout=2000)
    began = time.monotonic()
    window.close()
    assert time.monotonic() - began < 5  # not the 10 s the window waits at most
    assert shared.wait(0)  # nothing of it left on a thread
