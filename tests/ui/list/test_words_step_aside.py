"""The words index waits while the list is busy for the reviewer, on a real thread."""

from __future__ import annotations

import threading
from typing import Any

from curator_app.core.search_texts import SearchTexts
from curator_app.core.textfold import fold
from curator_app.ui.list import filter_tasks
from curator_app.ui.tasks import TaskRunner


def test_indexing_waits_while_the_list_is_busy_and_goes_on_after(qtbot: Any) -> None:
    texts = SearchTexts()
    texts.reset([fold(f"river {row} grid harbour") for row in range(3_000)])
    busy = threading.Event()
    busy.set()  # a search is being decided
    runner = TaskRunner()  # a real pool thread
    then = (texts.adopt, lambda: None)
    handle = filter_tasks.index_words(runner, texts.make_index(), then, "words", busy.is_set)
    qtbot.wait(200)
    assert handle.running and texts.words is None  # waiting, not indexing
    busy.clear()
    qtbot.waitUntil(lambda: texts.words is not None, timeout=5000)
    assert texts.mask("harbour") == [True] * 3_000


def test_a_cancelled_indexing_stops_even_while_the_list_is_busy(qtbot: Any) -> None:
    texts = SearchTexts()
    texts.reset([fold(f"row {row}") for row in range(3_000)])
    busy = threading.Event()
    busy.set()
    runner = TaskRunner()
    then = (texts.adopt, lambda: None)
    handle = filter_tasks.index_words(runner, texts.make_index(), then, "words", busy.is_set)
    qtbot.wait(50)
    handle.abandon()
    assert runner.wait(2_000)  # left its thread, though the list is still busy
    assert texts.words is None
