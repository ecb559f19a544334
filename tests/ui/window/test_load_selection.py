"""Once a folder is read, the list's top row is current unless the reviewer moved on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from curator_app.ui.list.loader import FolderLoader
from curator_app.ui.window.main_window import MainWindow

OpenWindow = Callable[..., MainWindow]
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
FILES = 60
BATCH = 10


@pytest.fixture
def oldest_first(tmp_path: Path, make_article: Callable[..., str]) -> Path:
    """Files whose names run from the oldest article to the newest: read in that order,
    each batch's rows go above the rows before them (the list shows the newest first)."""
    folder = tmp_path / "dated"
    folder.mkdir()
    for day in range(FILES):
        hour = f"2021-03-{1 + day // 24:02}T{day % 24:02}:00:00Z"  # an hour later each
        text = make_article(f"Day {day:02}", date=hour)
        (folder / f"{day:02}.md").write_text(text, encoding="utf-8")
    return folder


def load(qtbot: Any, window: MainWindow, folder: Path, at_batch: Callable[[int], None]) -> Path:
    """Open ``folder`` batch by batch, calling ``at_batch`` with each batch's number; the
    path of the article made current first."""
    batches: list[int] = []
    first: list[Path] = []

    def arrived(_batch: object) -> None:  # after the window's own slot
        batches.append(1)
        at_batch(len(batches))

    def became_current() -> None:
        current = window.current_entry()
        if current is not None and not first:
            first.append(current.path)

    window.loader.batchReady.connect(arrived)
    window.table.selectionModel().currentChanged.connect(became_current)
    with qtbot.waitSignal(window.loader.finished, timeout=10000):
        window.open_folder(folder)
    qtbot.wait(50)  # the last batch's timers
    assert len(batches) > 3 and first
    return first[0]


def test_once_read_the_top_row_becomes_current_when_the_reviewer_has_not_moved(
    qtbot: Any, open_window: OpenWindow, oldest_first: Path
) -> None:
    window = open_window(loader=FolderLoader(batch_size=BATCH, max_batch_size=BATCH))
    at_the_end: list[Path] = []
    window.loader.finished.connect(  # after the window's own slot
        lambda _count, _cancelled: at_the_end.append(window.current_entry().path)
    )
    first = load(qtbot, window, oldest_first, lambda _number: None)
    # On a turn of its own: the load's end and showing an article (20-30 ms) do not add up.
    assert at_the_end == [first]
    top = window.shown_entries()[0]
    assert top.path.name == "59.md"
    assert first != top.path  # an article of an early batch, pushed down by newer rows
    assert window.current_entry() == top
    assert window.table.selectionModel().isRowSelected(0)
    assert window.detail.entry is not None and window.detail.entry.path == top.path


def test_an_article_the_reviewer_chose_while_the_rows_came_stays_current(
    qtbot: Any, open_window: OpenWindow, oldest_first: Path
) -> None:
    window = open_window(loader=FolderLoader(batch_size=BATCH, max_batch_size=BATCH))
    chosen: list[Path] = []

    def choose(number: int) -> None:
        if number == 3:  # the reviewer goes down a row with the keyboard
            window.review.next()
            chosen.append(window.current_entry().path)

    load(qtbot, window, oldest_first, choose)
    assert window.current_entry().path == chosen[0]


def test_a_list_the_reviewer_scrolled_while_the_rows_came_is_left_where_it_is(
    qtbot: Any, open_window: OpenWindow, oldest_first: Path
) -> None:
    window = open_window(loader=FolderLoader(batch_size=BATCH, max_batch_size=BATCH))
    scroll_bar = window.table.verticalScrollBar()
    scrolled: list[int] = []

    def scroll(number: int) -> None:
        if number == 4 and scroll_bar.maximum() > 0:
            scroll_bar.setValue(scroll_bar.maximum())  # down to the oldest rows
            scrolled.append(scroll_bar.value())

    first = load(qtbot, window, oldest_first, scroll)
    assert scrolled, "the list did not scroll"
    assert window.current_entry().path == first
    assert scroll_bar.value() == scrolled[0]


def test_a_cancelled_load_leaves_the_current_article(
    qtbot: Any, open_window: OpenWindow, oldest_first: Path
) -> None:
    window = open_window(loader=FolderLoader(batch_size=BATCH, max_batch_size=BATCH))
    cancelled: list[bool] = []
    window.loader.finished.connect(lambda _count, was_cancelled: cancelled.append(was_cancelled))

    def cancel(number: int) -> None:
        if number == 4:  # Cancel in the status bar
            window.load_progress.cancelRequested.emit()

    first = load(qtbot, window, oldest_first, cancel)
    assert cancelled == [True]
    assert window.current_entry().path == first
